-- A consultation may show the comments of the stakeholders it invited as
-- soon as they are posted (moderated afterwards); by default they wait for
-- moderation like the public's, as every consultation opened before did.
ALTER TABLE consultations ADD COLUMN show_invited_at_once boolean NOT NULL DEFAULT false;
