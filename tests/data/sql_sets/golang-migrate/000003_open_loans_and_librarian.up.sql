-- Loans not yet returned, and the first member.
CREATE VIEW open_loan AS
    SELECT loan.id, member.name, loan.title, loan.due_on
    FROM loan JOIN member ON member.id = loan.member_id
    WHERE loan.returned_on IS NULL;

INSERT INTO member (id, name, email) VALUES (1, 'Librarian', 'librarian@example.org');
