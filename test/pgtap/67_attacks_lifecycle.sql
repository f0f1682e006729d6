-- Attacks through the account lifecycle: a point of contact (POC) acting on
-- another agency's accounts and Attachment A, taking over existing roles,
-- asking for the tracing center's group roles, approving its own requests;
-- users who are not POCs; and accounts suspended, revoked, delisted or not
-- recertified by the real lifecycle functions, each trying a write (42501
-- with the reason) and the reads (nothing).
BEGIN;
SELECT plan(50);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

SELECT etrace.list_approved_user(:b_id, '{"name": "Bruno Sonora"}') AS b_person \gset
\set none 999999
CREATE FUNCTION pg_temp.submit(r name, doc jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.try_as(r, format('SELECT etrace.submit_trace(%L)', doc))
$$;
-- what the role reads through the view and through find_traces
CREATE FUNCTION pg_temp.visible(r name) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    n int;
    m int;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    SELECT count(*) INTO n FROM etrace.traces;
    SELECT count(*) INTO m FROM etrace.find_traces('{}');
    RESET ROLE;
    RETURN format('view %s, find_traces %s', n, m);
EXCEPTION WHEN insufficient_privilege THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;

--------------------------------------------- another agency's people
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.suspend_account(%s, %L)', :b1_acct, 'Sabotage'), 'P0002',
    format('account %s does not exist', :b1_acct), 'a POC cannot suspend another agency''s account');
SELECT is(pg_temp.without(pg_temp.try(format('SELECT etrace.suspend_account(%s, %L)', :b1_acct, 'x')), :b1_acct::text),
          pg_temp.without(pg_temp.try(format('SELECT etrace.suspend_account(%s, %L)', :none, 'x')), :none::text),
    'suspend_account: another agency''s account and a missing one give the same error');
SELECT throws_ok(format('SELECT etrace.revoke_account(%s, %L)', :b1_acct, 'Sabotage'), 'P0002',
    format('account %s does not exist', :b1_acct), 'a POC cannot revoke another agency''s account');
SELECT throws_ok(format('SELECT etrace.revoke_account(%s, %L)', :ntc_acct, 'Sabotage'), 'P0002',
    format('account %s does not exist', :ntc_acct), 'nor a tracing-center account');
SELECT throws_ok(format('SELECT etrace.reinstate_account(%s)', :b1_acct), 'P0002',
    format('account %s does not exist', :b1_acct), 'nor reinstate another agency''s account');
SELECT throws_ok(format('SELECT etrace.list_approved_user(%s, %L)', :b_id, '{"name": "Planted"}'), '42501',
    'only the agency''s point of contact or a tracing center administrator may list its approved users',
    'a POC cannot list people on another agency''s Attachment A');
SELECT is(pg_temp.try(format('SELECT etrace.list_approved_user(%s, %L)', :b_id, '{"name": "Planted"}')),
          pg_temp.try(format('SELECT etrace.list_approved_user(%s, %L)', :none, '{"name": "Planted"}')),
    'list_approved_user: another agency and a missing one give the same error');
SELECT throws_ok(format('SELECT etrace.delist_approved_user(%s, %L)', :b_person, 'Sabotage'), 'P0002',
    format('approved user %s does not exist', :b_person), 'a POC cannot delist another agency''s approved user');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :b_person, 'tap_mole'), 'P0002',
    format('approved user %s does not exist', :b_person),
    'a POC cannot request an account for another agency''s approved user (an account in that agency)');
SELECT is(pg_temp.without(pg_temp.try(format('SELECT etrace.request_account(%s, %L)', :b_person, 'tap_mole')), :b_person::text),
          pg_temp.without(pg_temp.try(format('SELECT etrace.request_account(%s, %L)', :none, 'tap_mole')), :none::text),
    'request_account: another agency''s entry and a missing one give the same error');
SELECT throws_ok(format('SELECT etrace.recertify_users(%s)', :b_id), '42501',
    'only the agency''s point of contact or a tracing center administrator may recertify its users',
    'a POC cannot recertify another agency''s users');
SELECT throws_ok(format('SELECT * FROM etrace.user_listing(%s)', :b_id), '42501',
    'only the agency''s point of contact or a tracing center administrator may list its users',
    'a POC cannot list another agency''s users');
SELECT is(pg_temp.try(format('SELECT * FROM etrace.user_listing(%s)', :b_id)),
          pg_temp.try(format('SELECT * FROM etrace.user_listing(%s)', :none)),
    'user_listing: another agency and a missing one give the same error');

------------------------------------------------- roles and group roles
SELECT etrace.list_approved_user(:a_id, '{"name": "Luis Vega"}') AS a_person \gset
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :a_person, 'tap_b1'), '42710', 'role "tap_b1" already exists',
    'an account request cannot take over another agency''s user role');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :a_person, 'postgres'), '42710', 'role "postgres" already exists',
    'nor the superuser role');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :a_person, 'tap_outsider'), '42710', 'role "tap_outsider" already exists',
    'nor a role outside etrace (an application''s role)');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :a_person, 'etrace_owner'), '42939', 'role name "etrace_owner" is reserved',
    'nor etrace_owner');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L, ARRAY[%L])', :a_person, 'luis_vega', 'etrace_ntc'), '22023',
    'group role "etrace_ntc" is for tracing center staff only', 'a POC cannot ask for etrace_ntc');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L, ARRAY[%L])', :a_person, 'luis_vega', 'etrace_admin'), '22023',
    'group role "etrace_admin" is for tracing center staff only', 'nor for etrace_admin');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L, ARRAY[%L])', :a_person, 'luis_vega', 'pg_read_all_data'), '22023',
    'unknown etrace group role "pg_read_all_data"', 'nor for a PostgreSQL role such as pg_read_all_data');
SELECT etrace.request_account(:a_person, 'tap_luis') AS luis_acct \gset
SELECT throws_ok(format('SELECT etrace.approve_account(%s)', :luis_acct), '42501', 'permission denied for function approve_account',
    'a POC cannot approve its own request');
RESET ROLE;
SELECT ok(NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tap_luis'), 'the requested role does not exist before approval');
SET ROLE tap_a2;
SELECT throws_ok(format('SELECT etrace.suspend_account(%s, %L)', :a1_acct, 'Coup'), '42501',
    'only the agency''s point of contact or the tracing center may suspend accounts', 'a user who is not the POC cannot suspend a colleague');
SELECT throws_ok(format('SELECT etrace.request_account(%s, %L)', :a_person, 'tap_friend'), '42501',
    'only the agency''s point of contact may request accounts', 'nor request accounts');
RESET ROLE;
SET ROLE tap_an;
SELECT throws_ok(format('SELECT etrace.revoke_account(%s, %L)', :a2_acct, 'x'), '42501', 'permission denied for function revoke_account',
    'an analyst cannot revoke accounts');
RESET ROLE;

------------------------------------ suspended by the tracing center
SET ROLE tap_ntc;
SELECT etrace.suspend_account(:a2_acct, 'Inquiry into misuse');
RESET ROLE;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 the etrace account of role "tap_a2" is suspended',
    'a suspended account (suspend_account): submitting is refused with the reason');
SELECT is(pg_temp.visible('tap_a2'), 'view 0, find_traces 0', 'a suspended account reads nothing (etrace.traces, find_traces)');
SELECT ok(NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'tap_a2'), 'its role lost LOGIN');
SELECT is(pg_temp.try_as('tap_a2', 'ALTER ROLE tap_a2 LOGIN'), '42501 permission denied', 'it cannot give itself LOGIN back');
SELECT is(pg_temp.try_as('tap_a2', format('SELECT etrace.reinstate_account(%s)', :a2_acct)),
    '42501 the etrace account of role "tap_a2" is suspended', 'nor reinstate itself');
SELECT matches(pg_temp.try_as('tap_a1', format('SELECT etrace.reinstate_account(%s)', :a2_acct)), '^42501 ',
    'the agency''s POC cannot lift a suspension the tracing center imposed');
SELECT is((SELECT status FROM etrace.account WHERE id = :a2_acct), 'suspended', 'the account stayed suspended');
-- (the tracing center reinstates it, if the POC has not already)
SELECT pg_temp.try_as('tap_ntc', format('SELECT etrace.reinstate_account(%s)', :a2_acct)) \g /dev/null
SELECT is(pg_temp.visible('tap_a2'), 'view 1, find_traces 1', 'control: reinstated, it reads its agency''s trace again');

------------------------------------------------------- delisted
SET ROLE tap_ntc;
SELECT etrace.approve_account(:luis_acct);
RESET ROLE;
SELECT is(pg_temp.visible('tap_luis'), 'view 1, find_traces 1', 'control: an approved account reads its agency''s trace');
SET ROLE tap_a1;
SELECT etrace.delist_approved_user(:a_person, 'Transferred');
RESET ROLE;
SELECT is(pg_temp.submit('tap_luis', :'doc'), '42501 the etrace account of role "tap_luis" is suspended',
    'a delisted person''s account: submitting is refused with the reason');
SELECT is(pg_temp.visible('tap_luis'), 'view 0, find_traces 0', 'a delisted person''s account reads nothing');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT etrace.reinstate_account(%s)', :luis_acct)),
    format('55000 account %s cannot be reinstated: the person of account %s was delisted from the agency''s approved users', :luis_acct, :luis_acct),
    'the POC cannot reinstate it');
SELECT is(pg_temp.try_as('tap_ntc', format('SELECT etrace.reinstate_account(%s)', :luis_acct)),
    format('55000 account %s cannot be reinstated: the person of account %s was delisted from the agency''s approved users', :luis_acct, :luis_acct),
    'nor the tracing center');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT etrace.request_account(%s, %L)', :a_person, 'tap_luis2')),
    format('55000 approved user %s was delisted DETAIL: A delisted person cannot get an account; list the person again if they return.', :a_person),
    'nor request a new account for the delisted entry');

------------------------------------------------------- revoked
SET ROLE tap_a1;
SELECT etrace.revoke_account(:luis_acct, 'Left the agency');
RESET ROLE;
SELECT is(pg_temp.submit('tap_luis', :'doc'), '42501 permission denied for schema etrace',
    'a revoked account (revoke_account): submitting is refused (its group roles are gone)');
SELECT is(pg_temp.visible('tap_luis'), '42501 permission denied for schema etrace', 'and reading is refused');
GRANT etrace_user TO tap_luis;
SELECT is(pg_temp.submit('tap_luis', :'doc'), '42501 the etrace account of role "tap_luis" is revoked',
    'given etrace_user again by mistake, a revoked account still cannot submit');
SELECT is(pg_temp.visible('tap_luis'), 'view 0, find_traces 0', 'nor read');
REVOKE etrace_user FROM tap_luis;
SELECT is(pg_temp.try_as('tap_ntc', format('SELECT etrace.reinstate_account(%s)', :luis_acct)),
    format('55000 account %s is revoked; it cannot become active DETAIL: Only a suspended account can become active.', :luis_acct),
    'a revocation is final, even for the tracing center');

------------------------------------------------- not recertified
UPDATE etrace.account SET last_recertified = now() - interval '400 days' WHERE agency_id = :a_id;
SELECT is(pg_temp.submit('tap_a2', :'doc'),
    '42501 the etrace account of role "tap_a2" has not been recertified in the last 365 days',
    'an account not recertified in time: submitting is refused with the reason');
SELECT is(pg_temp.visible('tap_a2'), 'view 0, find_traces 0', 'an account not recertified reads nothing');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT etrace.recertify_users(%s)', :a_id)),
    '42501 the etrace account of role "tap_a1" has not been recertified in the last 365 days',
    'a POC that is itself not recertified cannot recertify its agency');
SELECT is(pg_temp.try_as('tap_b1', format('SELECT etrace.recertify_users(%s)', :a_id)),
    '42501 only the agency''s point of contact or a tracing center administrator may recertify its users',
    'nor can another agency''s POC');
SELECT is(pg_temp.try_as('tap_ntc', format('SELECT etrace.recertify_users(%s)', :a_id)), 'ok',
    'control: the tracing center recertifies them');
SELECT is(pg_temp.visible('tap_a2'), 'view 1, find_traces 1', 'control: recertified, the account reads again');

SELECT * FROM finish();
ROLLBACK;
