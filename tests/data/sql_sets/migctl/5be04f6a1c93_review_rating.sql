-- migctl:id: 5be04f6a1c93
-- migctl:parents: 3a7c1e9b2d40
-- migctl:message: Star rating of a review
-- migctl:create_date: 2026-11-30T08:10:00Z

-- migctl:upgrade
ALTER TABLE review ADD COLUMN rating integer;

-- migctl:downgrade
ALTER TABLE review DROP COLUMN rating;
