-- The account lifecycle: Attachment A, requests, approval, suspension,
-- reinstatement, revocation, delisting, recertification, the listing; who
-- may do each, and every refusal with its SQLSTATE.
BEGIN;
SELECT plan(113);
\ir fixtures/world.psql

-- Agency A's and agency B's points of contact act through their accounts.
-- (tap_a2 is in etrace_poc too, by create_account's default, but is no POC.)
SELECT etrace.set_poc(:a_id, ('{"kind": "primary", "name": "Ana Ruiz", "account": ' || :a1_acct || '}')::jsonb);
SELECT etrace.set_poc(:b_id, ('{"kind": "primary", "name": "Carla Soto", "account": ' || :b1_acct || '}')::jsonb);

-- The state of an account and its role, read as the superuser.
CREATE TEMP VIEW lifecycle_state AS
SELECT a.id, a.role_name::text COLLATE "default" AS role_name, a.status, a.status_reason, a.requested_groups, a.last_recertified,
       r.rolcanlogin,
       ARRAY(SELECT g.rolname::text COLLATE "default" FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
              WHERE m.member = r.oid AND g.rolname LIKE 'etrace\_%' ORDER BY 1) AS member_of
  FROM etrace.account a LEFT JOIN pg_roles r ON r.rolname = a.role_name;

---------------------------------------------------------------- catalog

SELECT has_table('etrace', 'approved_user', 'Attachment A is a table');
SELECT policies_are('etrace', 'approved_user', ARRAY['approved_user_read', 'approved_user_insert', 'approved_user_update'],
    'approved_user has its read, insert and update policies');
SELECT fk_ok('etrace', 'account', 'approved_user_id', 'etrace', 'approved_user', 'id',
    'an account points to its Attachment A entry');
SELECT is_definer('etrace', 'approve_account', ARRAY['bigint'], 'approve_account is SECURITY DEFINER');
SELECT function_owner_is('etrace', 'approve_account', ARRAY['bigint'], 'etrace_owner',
    'approve_account is owned by etrace_owner (row-level security holds inside)');
SELECT function_owner_is('etrace', 'note_activity', ARRAY['bigint'], 'etrace_owner', 'note_activity is owned by etrace_owner');
SELECT function_privs_are('etrace', 'request_account', ARRAY['bigint', 'text', 'text[]'], 'etrace_poc', ARRAY['EXECUTE'],
    'etrace_poc may request accounts');
SELECT function_privs_are('etrace', 'request_account', ARRAY['bigint', 'text', 'text[]'], 'etrace_user', '{}'::text[],
    'etrace_user may not request accounts');
SELECT function_privs_are('etrace', 'approve_account', ARRAY['bigint'], 'etrace_admin', ARRAY['EXECUTE'],
    'etrace_admin may approve accounts');
SELECT function_privs_are('etrace', 'approve_account', ARRAY['bigint'], 'etrace_poc', '{}'::text[],
    'etrace_poc may not approve accounts');
SELECT function_privs_are('etrace', 'note_activity', ARRAY['bigint'], 'etrace_user', '{}'::text[],
    'note_activity is internal');

------------------------------------------------------------ Attachment A

SET ROLE tap_a1;
SELECT etrace.list_approved_user(:a_id, '{"name": "Luis Vega", "title": "Agente", "email": "l.vega@example.mx"}') AS u_luis \gset
SELECT etrace.list_approved_user(:a_id, '{"name": "Marta Gil"}') AS u_marta \gset
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"nom": "X"}')$$, :a_id),
    '22023', 'invalid person document: nom: unknown field "nom"', 'a person document with an unknown field is refused');
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"title": "Agente"}')$$, :a_id),
    '22004', 'invalid person document: name: is required', 'a person needs a name');
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"name": "X", "email": "not-an-address"}')$$, :a_id),
    '22P02', 'invalid person document: email: is not an e-mail address', 'a person''s e-mail is checked');
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"name": "X"}')$$, :b_id),
    '42501', 'only the agency''s point of contact or a tracing center administrator may list its approved users',
    'agency A''s POC cannot list people for agency B');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"name": "X"}')$$, :a_id),
    '42501', NULL, 'a user who is not the POC cannot list people (membership of etrace_poc alone is not enough)');
RESET ROLE;
SET ROLE tap_b1;
SELECT etrace.list_approved_user(:b_id, '{"name": "Jorge Rios"}') AS u_jorge \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.list_approved_user(:a_id, '{"name": "Pedro Mora"}') AS u_pedro \gset
SELECT throws_ok($$SELECT etrace.list_approved_user(999999, '{"name": "X"}')$$,
    'P0002', 'agency 999999 does not exist', 'listing for an unknown agency');
RESET ROLE;
SELECT etrace.list_approved_user(:b_id, '{"name": "Olga Ruiz"}') AS u_olga \gset

SELECT results_eq(
    format('SELECT agency_id, person ->> ''name'', listed_by, delisted_at FROM etrace.approved_user WHERE id IN (%s, %s, %s, %s, %s) ORDER BY id',
           :u_luis, :u_marta, :u_jorge, :u_pedro, :u_olga),
    format('VALUES (%1$s::bigint, ''Luis Vega'', %2$s::bigint, NULL::timestamptz), (%1$s, ''Marta Gil'', %2$s, NULL),
                   (%3$s, ''Jorge Rios'', %4$s, NULL), (%1$s, ''Pedro Mora'', %5$s, NULL), (%3$s, ''Olga Ruiz'', NULL, NULL)',
           :a_id, :a1_acct, :b_id, :b1_acct, :ntc_acct),
    'entries are listed by the POC, a tracing center administrator, or the DBA (no account)');

----------------------------------------------------------------- requests

SET ROLE tap_a1;
SELECT etrace.request_account(:u_luis, 'tap_luis') AS luis \gset
SELECT etrace.request_account(:u_marta, 'tap_marta', ARRAY['etrace_user', 'etrace_analyst', 'etrace_user']) AS marta \gset
RESET ROLE;
SELECT results_eq(format('SELECT status, requested_groups, rolcanlogin FROM lifecycle_state WHERE id = %s', :luis),
    $$VALUES ('requested', ARRAY['etrace_user'], NULL::boolean)$$,
    'a requested account has its groups noted and no role yet');
SELECT is((SELECT requested_groups FROM etrace.account WHERE id = :marta), ARRAY['etrace_analyst', 'etrace_user'],
    'requested groups are kept once each');
SELECT is((SELECT person FROM etrace.account WHERE id = :luis),
    '{"name": "Luis Vega", "title": "Agente", "email": "l.vega@example.mx"}'::jsonb, 'the account carries the listed person');

SET ROLE tap_a1;
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'Luis Vega')$$, :u_pedro), '42602', 'invalid role name "Luis Vega"',
    'role names are lower-case identifiers');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'etrace_pedro')$$, :u_pedro), '42939', 'role name "etrace_pedro" is reserved',
    'etrace_ role names are reserved');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'pg_pedro')$$, :u_pedro), '42939', 'role name "pg_pedro" is reserved',
    'pg_ role names are reserved');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_b1')$$, :u_pedro), '42710', 'role "tap_b1" already exists',
    'an existing role (here another agency''s) is never taken over');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'postgres')$$, :u_pedro), '42710', 'role "postgres" already exists',
    'nor a superuser');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_luis')$$, :u_pedro), '23505', 'role "tap_luis" already has an etrace account',
    'a role name already requested is taken');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_luis2')$$, :u_luis), '23505',
    format('approved user %s already has an account', :u_luis), 'one account per listed person');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro', ARRAY['etrace_ntc'])$$, :u_pedro), '22023',
    'group role "etrace_ntc" is for tracing center staff only', 'an agency account cannot be tracing-center staff');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro', ARRAY['etrace_auditor'])$$, :u_pedro), '22023',
    'group role "etrace_auditor" is for tracing center staff only', 'nor an auditor');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro', ARRAY['etrace_boss'])$$, :u_pedro), '22023',
    'unknown etrace group role "etrace_boss"', 'unknown group roles are refused');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro', '{}')$$, :u_pedro), '22023',
    'an account needs at least one etrace group role', 'an account needs a group role');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_jorge')$$, :u_jorge), 'P0002',
    format('approved user %s does not exist', :u_jorge), 'agency B''s listed people are not found by agency A''s POC');
SELECT throws_ok($$SELECT etrace.request_account(999999, 'tap_nobody')$$, 'P0002', 'approved user 999999 does not exist',
    'no account for a person who is not listed');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro')$$, :u_pedro), '42501',
    'only the agency''s point of contact may request accounts', 'a user who is not the POC cannot request accounts');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro')$$, :u_pedro), '42501',
    NULL, 'the tracing center does not request accounts for an agency (no etrace_poc)');
RESET ROLE;

----------------------------------------------------------------- approval

SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.approve_account(%s)', :luis), '42501', NULL, 'a POC cannot approve accounts');
RESET ROLE;
SET ROLE tap_ntc;
SELECT lives_ok(format('SELECT etrace.approve_account(%s)', :luis), 'a tracing center administrator approves the request');
SELECT throws_ok(format('SELECT etrace.approve_account(%s)', :luis), '55000', format('account %s is already active', :luis),
    'an active account cannot be approved again');
SELECT throws_ok('SELECT etrace.approve_account(999999)', 'P0002', 'account 999999 does not exist', 'approving an unknown account');
RESET ROLE;
SELECT results_eq(format('SELECT status, rolcanlogin, member_of, last_recertified = now() FROM lifecycle_state WHERE id = %s', :luis),
    $$VALUES ('active', true, ARRAY['etrace_user'], true)$$,
    'approval creates the login role with exactly the requested groups, recertified now');

SET ROLE tap_luis;
SELECT is(etrace.current_account(), :luis::bigint, 'the new role is the new account');
SELECT is(etrace.current_agency(), :a_id::bigint, 'of agency A');
SELECT ok(etrace.submit_trace(:'doc') IS NOT NULL, 'the new account submits a trace');
RESET ROLE;

-------------------------------------------------------------- the listing

SET ROLE tap_a1;
SELECT results_eq(format('SELECT role_name, status, person ->> ''name'' FROM etrace.user_listing(%s)', :a_id),
    $$VALUES ('tap_a1', 'active', 'Ana Ruiz'), ('tap_a2', 'active', 'Beto Lara'), ('tap_luis', 'active', 'Luis Vega'),
             ('tap_marta', 'requested', 'Marta Gil')$$,
    'the POC''s listing has every account of the agency, by role name');
SELECT ok((SELECT last_activity IS NOT NULL AND last_recertified IS NOT NULL FROM etrace.user_listing(:a_id) WHERE role_name = 'tap_a1'),
    'the listing shows when an account was last used and recertified');
SELECT throws_ok(format('SELECT * FROM etrace.user_listing(%s)', :b_id), '42501',
    'only the agency''s point of contact or a tracing center administrator may list its users',
    'agency A''s POC cannot see agency B''s users');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.user_listing(:a_id)), 4, 'the tracing center lists any agency''s users');
SELECT throws_ok('SELECT * FROM etrace.user_listing(999999)', 'P0002', 'agency 999999 does not exist', 'listing an unknown agency');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format('SELECT * FROM etrace.user_listing(%s)', :a_id), '42501', NULL, 'a user who is not the POC gets no listing');
RESET ROLE;
SET ROLE tap_luis;
SELECT throws_ok(format('SELECT * FROM etrace.user_listing(%s)', :a_id), '42501', NULL, 'nor does a plain user');
RESET ROLE;

--------------------------------------------------------------- suspension

SET ROLE tap_b1;
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, 'x')$$, :luis), 'P0002', format('account %s does not exist', :luis),
    'agency B''s POC does not see agency A''s accounts');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, 'x')$$, :luis), '42501',
    'only the agency''s point of contact or the tracing center may suspend accounts', 'a user who is not the POC cannot suspend');
RESET ROLE;
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.suspend_account(%s, NULL)', :luis), '22004', 'a reason is required', 'a suspension needs a reason');
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, '  ')$$, :luis), '22004', 'a reason is required', 'a blank reason is no reason');
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, repeat('x', 2001))$$, :luis), '22001',
    'a reason may have at most 2000 characters', 'reasons are bounded');
SELECT throws_ok($$SELECT etrace.suspend_account(999999, 'x')$$, 'P0002', 'account 999999 does not exist', 'suspending an unknown account');
SELECT lives_ok(format($$SELECT etrace.suspend_account(%s, 'On leave')$$, :luis), 'the POC suspends an account of the agency');
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, 'x')$$, :luis), '55000', format('account %s is already suspended', :luis),
    'a suspended account cannot be suspended again');
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, 'x')$$, :marta), '55000',
    format('account %s is requested; it cannot become suspended', :marta), 'a requested account cannot be suspended');
RESET ROLE;
SELECT results_eq(format('SELECT status, status_reason, rolcanlogin, member_of FROM lifecycle_state WHERE id = %s', :luis),
    $$VALUES ('suspended', 'On leave', false, ARRAY['etrace_user'])$$,
    'suspension takes LOGIN away and keeps the groups');
SET ROLE tap_luis;
SELECT is(etrace.current_account(), NULL, 'a suspended account is no account');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', 'the etrace account of role "tap_luis" is suspended',
    'a suspended account cannot submit, and is told why');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok(format('SELECT etrace.approve_account(%s)', :luis), '55000',
    format('account %s is suspended; it cannot become active', :luis), 'approval is not reinstatement');
RESET ROLE;

------------------------------------------------------------ reinstatement

SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :luis), 'P0002', format('account %s does not exist', :luis),
    'agency B''s POC cannot reinstate agency A''s accounts');
RESET ROLE;
SET ROLE tap_a1;
SELECT lives_ok(format('SELECT etrace.reinstate_account(%s)', :luis), 'the POC reinstates the account');
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :luis), '55000', format('account %s is already active', :luis),
    'an active account cannot be reinstated');
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :marta), '55000',
    format('account %s is requested; it cannot become active', :marta), 'reinstatement is not approval');
RESET ROLE;
SELECT results_eq(format('SELECT status, status_reason, rolcanlogin, member_of FROM lifecycle_state WHERE id = %s', :luis),
    $$VALUES ('active', NULL, true, ARRAY['etrace_user'])$$, 'reinstatement gives LOGIN and the groups back');
SET ROLE tap_luis;
SELECT is(etrace.current_account(), :luis::bigint, 'the reinstated account works again');
RESET ROLE;

--------------------------------------------------------------- revocation

SET ROLE tap_b1;
SELECT throws_ok(format($$SELECT etrace.revoke_account(%s, 'x')$$, :luis), 'P0002', format('account %s does not exist', :luis),
    'agency B''s POC cannot revoke agency A''s accounts');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok(format('SELECT etrace.revoke_account(%s, NULL)', :luis), '22004', 'a reason is required', 'a revocation needs a reason');
SELECT lives_ok(format($$SELECT etrace.revoke_account(%s, 'Left the agency')$$, :luis), 'the tracing center revokes the account');
SELECT throws_ok(format($$SELECT etrace.revoke_account(%s, 'x')$$, :luis), '55000', format('account %s is already revoked', :luis),
    'revocation is done once');
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :luis), '55000',
    format('account %s is revoked; it cannot become active', :luis), 'a revoked account cannot be reinstated');
SELECT throws_ok(format($$SELECT etrace.suspend_account(%s, 'x')$$, :luis), '55000',
    format('account %s is revoked; it cannot become suspended', :luis), 'nor suspended');
SELECT throws_ok(format('SELECT etrace.approve_account(%s)', :luis), '55000',
    format('account %s is revoked; it cannot become active', :luis), 'nor approved');
RESET ROLE;
SELECT results_eq(format('SELECT status, status_reason, rolcanlogin, member_of FROM lifecycle_state WHERE id = %s', :luis),
    $$VALUES ('revoked', 'Left the agency', false, '{}'::text[])$$, 'revocation takes LOGIN and every etrace group away');
SET ROLE tap_luis;
SELECT throws_ok('SELECT etrace.current_account()', '42501', 'permission denied for schema etrace',
    'a revoked role is in no etrace group: not even the schema is open to it');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', NULL, 'a revoked role cannot submit');
RESET ROLE;
SET ROLE tap_a1;
SELECT lives_ok(format($$SELECT etrace.revoke_account(%s, 'Not needed after all')$$, :marta), 'the POC withdraws a request');
RESET ROLE;
SELECT results_eq(format('SELECT status, rolcanlogin FROM lifecycle_state WHERE id = %s', :marta),
    $$VALUES ('revoked', NULL::boolean)$$, 'a withdrawn request never had a role');
SET ROLE tap_a1;
SELECT etrace.list_approved_user(:a_id, '{"name": "Luis Vega", "title": "Agente"}') AS u_luis2 \gset
SELECT ok(etrace.request_account(:u_luis2, 'tap_luis_vega') IS NOT NULL,
    'a person who comes back is listed again and gets a new account under a new role');
RESET ROLE;

---------------------------------------------------------------- delisting

SET ROLE tap_a1;
SELECT etrace.request_account(:u_pedro, 'tap_pedro', ARRAY['etrace_user', 'etrace_analyst']) AS pedro \gset
SELECT etrace.list_approved_user(:a_id, '{"name": "Rosa Paz"}') AS u_rosa \gset
SELECT etrace.request_account(:u_rosa, 'tap_rosa') AS rosa \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.approve_account(:pedro);
RESET ROLE;
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.delist_approved_user(%s)', :u_pedro), 'P0002',
    format('approved user %s does not exist', :u_pedro), 'agency B''s POC does not see agency A''s list');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format('SELECT etrace.delist_approved_user(%s)', :u_pedro), '42501',
    'only the agency''s point of contact or a tracing center administrator may delist approved users',
    'a user who is not the POC cannot delist');
RESET ROLE;
SET ROLE tap_a1;
SELECT throws_ok('SELECT etrace.delist_approved_user(999999)', 'P0002', 'approved user 999999 does not exist', 'delisting an unknown entry');
SELECT lives_ok(format($$SELECT etrace.delist_approved_user(%s, 'Transferred')$$, :u_pedro), 'the POC delists a person with an account');
SELECT lives_ok(format('SELECT etrace.delist_approved_user(%s)', :u_rosa), 'and one with a pending request, no reason given');
SELECT throws_ok(format('SELECT etrace.delist_approved_user(%s)', :u_pedro), '55000',
    format('approved user %s is already delisted', :u_pedro), 'delisting is done once');
SELECT throws_ok(format($$SELECT etrace.request_account(%s, 'tap_pedro_2')$$, :u_pedro), '55000',
    format('approved user %s was delisted', :u_pedro), 'a delisted person gets no account');
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :pedro), '55000',
    format('account %s cannot be reinstated: the person of account %1$s was delisted from the agency''s approved users', :pedro),
    'a delisted person''s account cannot be reinstated');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :pedro), '55000', NULL, 'not by the tracing center either');
RESET ROLE;
SELECT results_eq(format('SELECT status, status_reason, rolcanlogin, member_of FROM lifecycle_state WHERE id = %s', :pedro),
    $$VALUES ('suspended', 'delisted from the agency''s approved users: Transferred', false, ARRAY['etrace_analyst', 'etrace_user'])$$,
    'delisting suspends the person''s account at once');
SELECT results_eq(format('SELECT status, status_reason, rolcanlogin FROM lifecycle_state WHERE id = %s', :rosa),
    $$VALUES ('revoked', 'delisted from the agency''s approved users', NULL::boolean)$$,
    'and declines a pending request');
SELECT results_eq(format('SELECT delisted_at = now(), delisted_by, delist_reason FROM etrace.approved_user WHERE id = %s', :u_pedro),
    format($$VALUES (true, %s::bigint, 'Transferred')$$, :a1_acct), 'the entry records who delisted it, when and why');
SET ROLE tap_pedro;
SELECT is(etrace.current_account(), NULL, 'a delisted person''s role no longer works');
RESET ROLE;
SET ROLE tap_ntc;
SELECT lives_ok(format('SELECT etrace.delist_approved_user(%s)', :u_marta), 'a tracing center administrator may delist too');
RESET ROLE;

---------------------------------------------------------- recertification

SET ROLE tap_a1;
SELECT etrace.list_approved_user(:a_id, '{"name": "Sara Luna"}') AS u_sara \gset
SELECT etrace.request_account(:u_sara, 'tap_sara') AS sara \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.approve_account(:sara);
RESET ROLE;
-- more than etrace.recertification_days (365) ago
UPDATE etrace.account SET last_recertified = now() - interval '400 days' WHERE id IN (:sara, :pedro);
SET ROLE tap_sara;
SELECT is(etrace.current_account(), NULL, 'an account not recertified in time stops working');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501',
    'the etrace account of role "tap_sara" has not been recertified in the last 365 days', 'and is told why');
RESET ROLE;
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.recertify_users(%s)', :a_id), '42501',
    'only the agency''s point of contact or a tracing center administrator may recertify its users',
    'agency B''s POC cannot recertify agency A''s users');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok(format('SELECT etrace.recertify_users(%s)', :a_id), '42501', NULL, 'a user who is not the POC cannot recertify');
RESET ROLE;
SET ROLE tap_a1;
-- tap_a1, tap_a2 (bootstrap accounts) and tap_sara; not the delisted tap_pedro,
-- nor the requested tap_luis_vega, nor revoked accounts
SELECT is(etrace.recertify_users(:a_id), 3, 'the POC recertifies the agency''s active and suspended listed users');
RESET ROLE;
SELECT results_eq(format('SELECT role_name, last_recertified = now() FROM lifecycle_state WHERE id IN (%s, %s) ORDER BY 1', :sara, :pedro),
    $$VALUES ('tap_pedro', false), ('tap_sara', true)$$, 'a delisted person is not recertified');
SET ROLE tap_sara;
SELECT is(etrace.current_account(), :sara::bigint, 'the recertified account works again');
RESET ROLE;
UPDATE etrace.account SET last_recertified = now() - interval '400 days' WHERE agency_id = :a_id AND last_recertified IS NOT NULL;
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.recertify_users(%s)', :a_id), '42501',
    'the etrace account of role "tap_a1" has not been recertified in the last 365 days',
    'a POC past recertification cannot recertify');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(etrace.recertify_users(:a_id), 3, 'a tracing center administrator can');
SELECT throws_ok('SELECT etrace.recertify_users(999999)', 'P0002', 'agency 999999 does not exist', 'recertifying an unknown agency');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(etrace.current_account(), :a1_acct::bigint, 'the POC works again');
RESET ROLE;

----------------------------------------------------------------- activity

UPDATE etrace.account_activity SET last_activity = now() - interval '1 minute' WHERE account_id = :a1_acct;
SET ROLE tap_a1;
SELECT is(etrace.recertify_users(:a_id), 3, 'the POC recertifies again');
RESET ROLE;
SELECT is((SELECT last_activity FROM etrace.account_activity WHERE account_id = :a1_acct), now() - interval '1 minute',
    'activity is written at most every five minutes');
UPDATE etrace.account_activity SET last_activity = now() - interval '6 minutes' WHERE account_id = :a1_acct;
SET ROLE tap_a1;
SELECT results_eq(format('SELECT last_activity FROM etrace.user_listing(%s) WHERE role_name = ''tap_a1''', :a_id),
    'SELECT now()', 'older activity is brought up to date, and the listing shows it');
RESET ROLE;

-------------------------------------------------------------- the listing

SET ROLE tap_a1;
SELECT results_eq(format('SELECT role_name, status, person ->> ''name'', last_recertified = now() FROM etrace.user_listing(%s)', :a_id),
    $$VALUES ('tap_a1', 'active', 'Ana Ruiz', true), ('tap_a2', 'active', 'Beto Lara', true),
             ('tap_luis', 'revoked', 'Luis Vega', false), ('tap_luis_vega', 'requested', 'Luis Vega', NULL),
             ('tap_marta', 'revoked', 'Marta Gil', NULL), ('tap_pedro', 'suspended', 'Pedro Mora', false),
             ('tap_rosa', 'revoked', 'Rosa Paz', NULL), ('tap_sara', 'active', 'Sara Luna', true)$$,
    'the listing for review: every account, its person, status, and recertification');
RESET ROLE;

--------------------------------------------------- discontinued agencies

SELECT etrace.discontinue_mou(:c_id, '2026-11-01', 'Letter of 2026-10-20');
SELECT throws_ok(format($$SELECT etrace.list_approved_user(%s, '{"name": "X"}')$$, :c_id), '55000',
    'the MOU of agency TX0570000 was discontinued', 'nobody is listed for an agency whose MOU was discontinued');

SELECT * FROM finish();
ROLLBACK;
