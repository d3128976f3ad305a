-- A second branch from the same parent as 5be04f6a1c93, merged by 0f9e8d7c6b5a.
-- migctl:id: 8d21c7f05e6b
-- migctl:parents: 3a7c1e9b2d40
-- migctl:message: Flags raised on reviews
-- migctl:create_date: 2026-11-30T08:15:00Z

-- migctl:upgrade
CREATE TABLE review_flag (
    review_id  integer     NOT NULL,
    reason     varchar(50) NOT NULL,
    CONSTRAINT pk_review_flag PRIMARY KEY (review_id, reason),
    CONSTRAINT fk_review_flag_review FOREIGN KEY (review_id) REFERENCES review (id)
);

-- migctl:downgrade
DROP TABLE review_flag;
