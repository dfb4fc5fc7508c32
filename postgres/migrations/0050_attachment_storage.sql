-- Attachments stream out a megabyte at a time (substring on the content):
-- stored uncompressed, PostgreSQL reads only the TOAST chunks a piece needs
-- instead of decompressing the whole file for each piece. The files are
-- PDF, DOCX, XLSX, PNG and JPEG, compressed already. Rows stored before
-- keep their form and still read correctly.
ALTER TABLE attachments ALTER COLUMN content SET STORAGE EXTERNAL;
