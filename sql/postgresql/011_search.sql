-- Schema version 11 (PostgreSQL): finding people, cases and records (svc/search.h).
-- Keep in step with sql/sqlite/011_search.sql.
--
-- Names are searched by their words: to_tsvector('simple', ...) of the name
-- folded by search_fold (lower case, the accents of the Latin letters taken
-- off, as SQLite's remove_diacritics does), under a GIN index, so that a
-- word or the beginning of one (to_tsquery's :*) is an index lookup. Only
-- built-in functions: no extension need be installed. Indexes and a
-- function only, nothing for `oversight migrate` to copy.
CREATE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT pg_catalog.lower(pg_catalog.translate($1,
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž',
    'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZz')) $$;

CREATE INDEX staff_name_words ON staff USING gin (to_tsvector('simple', search_fold(name)));
CREATE INDEX cases_name_words ON cases USING gin (to_tsvector('simple', search_fold(name)));

-- Ids typed in any case: an exact id and the ids beginning with what was
-- typed are one index range each (byte order, as SQLite compares).
CREATE INDEX staff_id_fold ON staff ((lower(id)) COLLATE "C");
CREATE INDEX cases_id_fold ON cases ((lower(id)) COLLATE "C");

-- Records by date (an auditor's search; everyone else's is within their
-- share, by the indexes on supervisee and supervisor).
CREATE INDEX records_date ON records (date);
