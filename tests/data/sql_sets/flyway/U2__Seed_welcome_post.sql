DELETE FROM post WHERE slug = 'welcome';
