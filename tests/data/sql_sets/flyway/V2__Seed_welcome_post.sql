INSERT INTO post (title, body, slug) VALUES ('Welcome', 'The first post.', 'welcome');
