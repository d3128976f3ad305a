DROP INDEX ux_post_slug;
ALTER TABLE post DROP COLUMN slug;
