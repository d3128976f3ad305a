DELETE FROM member WHERE id = 1;
DROP VIEW open_loan;
