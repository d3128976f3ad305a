DROP VIEW post_summary;
