# shellcheck shell=bash
# lib.sh: shared by bench/run.sh and bench/load.sh (sourced; both set root).

# db_key STAFF CASES YEARS: what decides the rows of a demo database at that
# scale: the size, the seed and date of the generator, and the sources of the
# schema, the generator and the import. A database stamped with the same key
# (DB.key beside it) can be reused instead of imported again.
db_key() {
    local sources
    sources=$(cd "${root:?}" && cat sql/sqlite/*.sql src/demo/*.[ch] src/svc/council.[ch] src/format/import_rows.[ch] src/svc/import.[ch] | sha256sum | cut -c1-16)
    echo "staff $1 cases $2 years $3 seed 1 today $TODAY sources $sources"
}
