-- The demo report: what an analyst of the tracing center runs over the
-- traces, through the public API only.  test/run-demo runs it connected as
-- the NTC analyst account demo_analyst (test/demo/analyst.sql makes it),
-- with demo-output/ as the working directory; it writes the hot spot cells
-- there as hotspots.geojson, which test/demo/render_map draws.
--
-- By hand (as the analyst, in the directory that gets hotspots.geojson):
--   psql -X -U demo_analyst -d etrace_demo -f test/demo/report.sql
\set ON_ERROR_STOP 1
\set QUIET 1
\pset footer off
\pset null '-'
\pset linestyle unicode
\pset border 2
\pset numericlocale off
SET client_min_messages = warning;
-- etrace's operators (trace_number = trace_number) without a schema prefix
SET search_path = "$user", public, etrace;

SELECT current_user AS analyst, etrace.current_account() AS account,
       to_char(count(*), 'FM999G999G999') AS traces_visible
  FROM etrace.traces \gset
\echo
\echo 'etrace demo report'
\echo '=================='
\echo 'Run by' :analyst '(account' :account 'of the tracing center), who sees' :traces_visible 'traces.'
\echo 'Every figure below comes from the view etrace.traces and the report functions, as this account may see them.'

------------------------------------------------------------------ traces
\echo
\echo '1. Traces by recovery country and status'
\echo '----------------------------------------'
SELECT coalesce(recovery_country, 'all') AS country,
       count(*) FILTER (WHERE status = 'submitted') AS submitted,
       count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'untraceable') AS untraceable,
       count(*) FILTER (WHERE status = 'closed') AS closed,
       count(*) AS total,
       round(100.0 * count(*) FILTER (WHERE outcome IS NOT NULL)
             / nullif(count(*) FILTER (WHERE outcome IS NOT NULL OR untraceable_reason IS NOT NULL), 0), 1)
           AS "traced %"
  FROM etrace.traces
 GROUP BY ROLLUP (recovery_country)
 ORDER BY recovery_country IS NULL, total DESC, recovery_country;
\echo '("traced %": of the traces the tracing center has worked, those with a dealer or purchaser found.)'

\echo
\echo 'Why traces could not be traced'
SELECT untraceable_reason AS reason, count(*) AS traces,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "%"
  FROM etrace.traces
 WHERE untraceable_reason IS NOT NULL
 GROUP BY 1 ORDER BY 2 DESC, 1;

----------------------------------------------------------- time-to-crime
\echo
\echo '2. Time-to-crime (days from the retail sale to the recovery; etrace.time_to_crime_summary)'
\echo '------------------------------------------------------------------------------------------'
SELECT coalesce(s.country, 'all') AS recovery_country, (s.x ->> 'count')::bigint AS traced,
       (s.x ->> 'q1')::numeric AS q1, (s.x ->> 'median')::numeric AS median, (s.x ->> 'q3')::numeric AS q3,
       round(100 * (s.x ->> 'share_le_1y')::numeric, 1) AS "<= 1 year %",
       round(100 * (s.x ->> 'share_le_3y')::numeric, 1) AS "<= 3 years %"
  FROM (SELECT recovery_country AS country, etrace.time_to_crime_summary(time_to_crime_days) AS x
          FROM etrace.traces
         WHERE time_to_crime_days IS NOT NULL
         GROUP BY ROLLUP (recovery_country)) s
 ORDER BY s.country IS NULL, traced DESC, s.country;
\echo '(A time-to-crime under three years is a trafficking indicator; under one year a strong one.)'

--------------------------------------------------------------- corridors
\echo
\echo '3. Top trafficking corridors: where the guns were sold, where they were recovered (etrace.corridors)'
\echo '----------------------------------------------------------------------------------------------------'
SELECT coalesce(source_subdivision, source_country, 'unknown') AS "sold in",
       coalesce(recovery_subdivision, recovery_country) AS "recovered in",
       traces, median_ttc_days AS "median ttc days",
       round(100 * short_ttc_share::numeric, 1) AS "short ttc %"
  FROM etrace.corridors()
 LIMIT 10;

----------------------------------------------------------- source dealers
\echo
\echo '4. Top source dealers (etrace.source_dealers)'
\echo '---------------------------------------------'
SELECT dealer_ffl AS "licence", dealer_name AS dealer, traces,
       short_ttc_traces AS "short ttc", round(100.0 * short_ttc_traces / traces, 1) AS "short ttc %",
       recovery_places AS "recovery places"
  FROM etrace.source_dealers(top => 10);

---------------------------------------------------------------- networks
\echo
\echo '5. Largest trafficking networks: traces linked by a shared person, dealer and sale date, or firearm (etrace.trace_networks)'
\echo '---------------------------------------------------------------------------------------------------------------------------'
CREATE TEMP TABLE report_networks AS
SELECT * FROM etrace.trace_networks(min_size => 2);
SELECT count(*) AS networks, coalesce(sum(size), 0) AS "traces in them", max(size) AS largest,
       count(*) FILTER (WHERE size >= 3) AS "of 3 or more traces"
  FROM report_networks;
SELECT n.network, n.size AS traces,
       array_to_string(n.traces[1:4], ', ') || CASE WHEN n.size > 4 THEN ', ...' ELSE '' END AS "trace numbers",
       (SELECT string_agg(v.via || ' ' || v.links, ', ' ORDER BY v.links DESC, v.via)
          FROM (SELECT l ->> 'via' AS via, count(*) AS links
                  FROM jsonb_array_elements(n.links) l GROUP BY 1) v) AS "linked by (links)",
       (SELECT string_agg(DISTINCT t.recovery_locality, ', ')
          FROM etrace.traces t WHERE t.trace_number = ANY (n.traces)) AS "recovered in"
  FROM report_networks n
 ORDER BY n.network
 LIMIT 8;

-------------------------------------------------------------- indicators
\echo
\echo '6. Trafficking indicators (etrace.trafficking_indicators)'
\echo '---------------------------------------------------------'
CREATE TEMP TABLE report_indicators AS
SELECT * FROM etrace.trafficking_indicators();
SELECT f.indicator, count(*) FILTER (WHERE f.v) AS traces,
       round(100.0 * count(*) FILTER (WHERE f.v) / count(*), 1) AS "% of all",
       count(*) FILTER (WHERE f.v IS NULL) AS "cannot tell"
  FROM report_indicators i
 CROSS JOIN LATERAL (VALUES
       (1, format('short time-to-crime (<= %s days)', current_setting('etrace.short_ttc_days')), i.short_ttc),
       (2, format('  of which strong (<= %s days)', current_setting('etrace.strong_ttc_days')), i.strong_short_ttc),
       (3, 'obliterated serial', i.obliterated),
       (4, 'possessor is not the purchaser', i.possessor_not_purchaser),
       (5, 'recovered outside the dealer''s state', i.outside_source),
       (6, 'repeat purchaser', i.repeat_purchaser),
       (7, 'multiple sale (5 business days)', i.multiple_sale),
       (8, format('hot dealer (>= %s short-ttc traces a year)', current_setting('etrace.hot_dealer_traces')), i.hot_dealer)
       ) f (ord, indicator, v)
 GROUP BY f.ord, f.indicator
 ORDER BY f.ord;

\echo
\echo 'Traces by number of indicators'
SELECT CASE WHEN indicators >= 5 THEN '5 or more' ELSE indicators::text END AS indicators,
       count(*) AS traces, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "%"
  FROM report_indicators
 GROUP BY 1 ORDER BY 1;

\echo
\echo 'The traces with the most indicators'
\pset format wrapped
\pset columns 160
SELECT i.trace_number AS trace, i.indicators, t.recovery_locality AS "recovered in", t.dealer_name AS dealer,
       array_to_string(i.reasons, '; ') AS reasons
  FROM report_indicators i JOIN etrace.traces t USING (trace_number)
 ORDER BY i.indicators DESC, i.trace_number
 LIMIT 5;
\pset format aligned

---------------------------------------------------------------- hot spots
\echo
\echo '7. Hot spots of recoveries (etrace.hotspots, Getis-Ord Gi* on a hexagonal grid, FDR-corrected)'
\echo '----------------------------------------------------------------------------------------------'
-- The cell size follows the extent of the recoveries, so that the grid has
-- about 20,000 cells whatever the data (at least 2 km): a hexagon's height
-- rounded to 1, 2 or 5 times a power of ten metres.
SELECT count(*) AS located,
       sqrt(greatest((max(latitude) - min(latitude)) * 111195, 1000)
            * greatest((max(longitude) - min(longitude)) * 111195 * cos(radians(avg(latitude))), 1000)
            / 20000) AS size_m
  FROM etrace.traces WHERE latitude IS NOT NULL \gset
SELECT greatest(2000, v)::bigint AS cell_m, :located >= 3 AS can_map
  FROM (SELECT m * power(10, floor(log(:size_m))) AS v FROM (VALUES (1), (2), (5), (10)) c (m)) c
 ORDER BY abs(ln(v) - ln(:size_m)) LIMIT 1 \gset
\if :can_map
\echo :located 'recoveries with coordinates; hexagons' :cell_m 'm high (distance band = cell height).'

CREATE TEMP TABLE report_hotspots AS
SELECT * FROM etrace.hotspots('{}'::jsonb, cell_m => :cell_m, grid => 'hex');

-- The places named on the map and in the tables: the most frequent
-- recovery localities, at the median of their coordinates.
CREATE TEMP TABLE report_places AS
SELECT recovery_locality AS place, recovery_country AS country, count(*) AS traces,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY latitude) AS lat,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY longitude) AS lon
  FROM etrace.traces
 WHERE recovery_locality IS NOT NULL AND latitude IS NOT NULL
 GROUP BY 1, 2
HAVING count(*) >= 0.002 * :located
 ORDER BY 3 DESC, 1
 LIMIT 25;

SELECT class, count(*) AS cells, sum(n) AS recoveries,
       round(100.0 * sum(n) / nullif(sum(sum(n)) OVER (), 0), 1) AS "% of recoveries"
  FROM report_hotspots
 GROUP BY class
 ORDER BY CASE class WHEN 'hot 99' THEN 1 WHEN 'hot 95' THEN 2 WHEN 'hot 90' THEN 3
                     WHEN 'not significant' THEN 4 WHEN 'cold 90' THEN 5 WHEN 'cold 95' THEN 6 ELSE 7 END;

\echo
\echo 'The hottest cells, with the nearest of the most frequent recovery places'
SELECT h.class, round(h.z::numeric, 1) AS z, h.n AS recoveries,
       round(h.lat::numeric, 3) AS lat, round(h.lon::numeric, 3) AS lon,
       p.place || ' (' || p.country || ', ' || round(p.km) || ' km)' AS "near"
  FROM report_hotspots h
  LEFT JOIN LATERAL (
       SELECT r.place, r.country,
              -- great-circle distance, haversine
              2 * 6371.0088 * asin(sqrt(power(sin(radians(r.lat - h.lat) / 2), 2)
                                        + cos(radians(h.lat)) * cos(radians(r.lat))
                                          * power(sin(radians(r.lon - h.lon) / 2), 2))) AS km
         FROM report_places r
        ORDER BY 3 LIMIT 1) p ON true
 WHERE h.class LIKE 'hot%'
 ORDER BY h.z DESC
 LIMIT 10;

-- hotspots.geojson: one hexagon (Polygon, or MultiPolygon when cut by the
-- antimeridian) per cell that holds a recovery or is significant, with
-- the properties cell, n, z, p and class; then the places as Points with
-- the properties place, country and traces (the map labels them).
\pset format unaligned
\pset tuples_only on
\o hotspots.geojson
SELECT jsonb_build_object('type', 'FeatureCollection',
                          'features', (c.g -> 'features') || coalesce(p.g -> 'features', '[]'))
  FROM (SELECT etrace.to_geojson(coalesce(array_agg(h.lat ORDER BY h.cell), '{}'),
                                 coalesce(array_agg(h.lon ORDER BY h.cell), '{}'), :cell_m,
                                 coalesce(array_agg(jsonb_build_object('cell', h.cell, 'n', h.n,
                                                                       'z', round(h.z::numeric, 3),
                                                                       'p', round(h.p::numeric, 6),
                                                                       'class', h.class)
                                                    ORDER BY h.cell), '{}'), 'hex') AS g
          FROM report_hotspots h
         WHERE h.n > 0 OR h.class <> 'not significant') c,
       (SELECT etrace.to_geojson(array_agg(r.lat ORDER BY r.traces DESC), array_agg(r.lon ORDER BY r.traces DESC),
                                 array_agg(jsonb_build_object('place', r.place, 'country', r.country,
                                                              'traces', r.traces) ORDER BY r.traces DESC)) AS g
          FROM report_places r) p;
\o
\pset tuples_only off
\pset format aligned
SELECT count(*) FILTER (WHERE n > 0 OR class <> 'not significant') AS cells_written FROM report_hotspots \gset
\echo 'Wrote hotspots.geojson:' :cells_written 'cells and the most frequent recovery places.'
\else
\echo :located 'recoveries with coordinates: too few for a hot spot analysis (at least 3); no hotspots.geojson written.'
\endif
