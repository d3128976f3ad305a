INSERT INTO task (title) VALUES ('Read the inbox');
