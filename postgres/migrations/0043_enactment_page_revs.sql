-- A product repeals or amends another only once it is in force (UU 12/2011
-- Pasal 87): its promulgation changes the page of every policy it names in
-- its relations ("Dicabut dengan …", the JDIH status), not only its own.
-- The enactments' page-revision triggers (0025) now move those pages too.
DROP TRIGGER enactments_page_rev_ins ON enactments;
DROP TRIGGER enactments_page_rev_upd ON enactments;
DROP TRIGGER enactments_page_rev_del ON enactments;

CREATE TRIGGER enactments_page_rev_ins AFTER INSERT ON enactments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed
        UNION ALL SELECT r.to_policy_id FROM changed x JOIN policy_relations r ON r.from_policy_id = x.policy_id');
CREATE TRIGGER enactments_page_rev_upd AFTER UPDATE ON enactments REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed
        UNION ALL SELECT r.to_policy_id FROM changed x JOIN policy_relations r ON r.from_policy_id = x.policy_id');
CREATE TRIGGER enactments_page_rev_del AFTER DELETE ON enactments REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed
        UNION ALL SELECT r.to_policy_id FROM changed x JOIN policy_relations r ON r.from_policy_id = x.policy_id');
