SELECT 'été' FORM x;
SELECT 1 -- c
;