-- The folded title joins the Vietnamese and English titles (300 characters
-- each) and a space: 601 characters did not fit varchar(600).
ALTER TABLE tasks ALTER COLUMN search_text TYPE text;
