-- migctl:id: 0f9e8d7c6b5a
-- migctl:parents: 5be04f6a1c93, 8d21c7f05e6b
-- migctl:message: Merge rating and flags
-- migctl:create_date: 2026-11-30T08:20:00Z

-- migctl:upgrade

-- migctl:downgrade
