-- Version 65: topics on policies (issue 26). Each region keeps a short
-- list of the topics its policies are about ("Pelayanan Publik",
-- "Pengembangan Kompetensi"), each with a slug for links; the region's
-- drafters tag a policy with some of them. Anyone follows a topic of a
-- city as they follow the city (follows.topic_id) and is told of the
-- events of the policies carrying it.
CREATE TABLE topics (
    id         bigserial PRIMARY KEY,
    region_id  bigint NOT NULL REFERENCES regions(id) ON DELETE CASCADE,
    slug       text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 60),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    created_by bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, slug)
);

-- A policy's topics. tagged_at bounds what a topic's followers are told
-- of: the policy's events since it carries the topic, never its past.
CREATE TABLE policy_topics (
    policy_id bigint NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    topic_id  bigint NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    tagged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (policy_id, topic_id)
);
CREATE INDEX policy_topics_topic ON policy_topics (topic_id, policy_id);

-- The public page shows a policy's topics: a change of them moves its page.
CREATE TRIGGER policy_topics_page_rev_ins AFTER INSERT ON policy_topics REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed');
CREATE TRIGGER policy_topics_page_rev_del AFTER DELETE ON policy_topics REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed');
CREATE TRIGGER topics_page_rev_upd AFTER UPDATE ON topics REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT pt.policy_id FROM changed x JOIN policy_topics pt ON pt.topic_id = x.id');

-- A follow is of exactly one thing: a policy, a city or a topic.
ALTER TABLE follows ADD COLUMN topic_id bigint REFERENCES topics(id) ON DELETE CASCADE;
DO $$
DECLARE c text;
BEGIN
    SELECT conname INTO STRICT c FROM pg_constraint WHERE conrelid = 'follows'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) LIKE '%policy_id IS NULL%region_id IS NULL%';
    EXECUTE format('ALTER TABLE follows DROP CONSTRAINT %I', c);
END $$;
ALTER TABLE follows ADD CONSTRAINT follows_one_target CHECK (num_nonnulls(policy_id, region_id, topic_id) = 1);
DROP INDEX follows_user_target;
DROP INDEX follows_email_target;
CREATE UNIQUE INDEX follows_user_target ON follows (user_id, coalesce(policy_id, 0), coalesce(region_id, 0), coalesce(topic_id, 0)) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX follows_email_target ON follows (email, coalesce(policy_id, 0), coalesce(region_id, 0), coalesce(topic_id, 0)) WHERE email IS NOT NULL;
CREATE INDEX follows_topic ON follows (topic_id) WHERE confirmed_at IS NOT NULL;
