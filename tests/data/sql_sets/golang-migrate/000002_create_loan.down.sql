DROP INDEX ix_loan_member_id;
DROP TABLE loan;
