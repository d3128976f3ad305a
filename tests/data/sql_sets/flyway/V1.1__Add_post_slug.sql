ALTER TABLE post ADD COLUMN slug varchar(200);
CREATE UNIQUE INDEX ux_post_slug ON post (slug);
