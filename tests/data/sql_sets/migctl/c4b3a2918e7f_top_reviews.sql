-- migctl:id: c4b3a2918e7f
-- migctl:parents: 0f9e8d7c6b5a
-- migctl:message: Top reviews and the spam flag reason
-- migctl:create_date: 2026-11-30T08:25:00Z
-- migctl:transactional: true

-- migctl:upgrade
CREATE VIEW top_review AS
    SELECT review.id, review.book_id, review.rating
    FROM review
    WHERE review.rating >= 4
      AND NOT EXISTS (SELECT 1 FROM review_flag WHERE review_flag.review_id = review.id);

CREATE TABLE flag_reason (
    code  varchar(50) NOT NULL,
    CONSTRAINT pk_flag_reason PRIMARY KEY (code)
);
INSERT INTO flag_reason (code) VALUES ('spam');

-- migctl:downgrade
DROP TABLE flag_reason;
DROP VIEW top_review;
