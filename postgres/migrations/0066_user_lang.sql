-- Version 66: the language a person's notices are written in (issue 26):
-- Bahasa Indonesia unless they chose English on their settings page. The
-- activities that write notices word each one in its recipient's language,
-- and the email around it (greeting, footer, digest) follows it.
ALTER TABLE users ADD COLUMN lang text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en'));
