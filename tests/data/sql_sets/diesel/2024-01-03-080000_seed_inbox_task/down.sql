DELETE FROM task WHERE title = 'Read the inbox';
