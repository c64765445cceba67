# shellcheck shell=bash
# Shared by .ci/serve, .ci/test and .ci/run: finds Odoo and PostgreSQL.
#
# How Odoo is found (first match wins):
#   ODOO_HOME    an Odoo 18.0 source tree holding odoo-bin, odoo/ and addons/
#                (default: /opt/odoo18)
#   ODOO_PYTHON  the Python that runs it, with Odoo's requirements installed
#                (default: /opt/odoo18-venv/bin/python, else python3)
# How PostgreSQL is found:
#   PGHOST/PGPORT/PGUSER/PGPASSWORD  an existing server; used when reachable.
#   Otherwise a private cluster is created under .run/pgdata and started on
#   127.0.0.1:${AGENCY_PGPORT:-55432}; the scripts stop it again when done.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR="$REPO/.run"
ADDON=agency_account_manager
mkdir -p "$RUN_DIR"

die() { echo "ERROR: $*" >&2; exit 1; }

find_odoo() {
    ODOO_HOME=${ODOO_HOME:-/opt/odoo18}
    if [ -z "${ODOO_PYTHON:-}" ]; then
        if [ -x /opt/odoo18-venv/bin/python ]; then ODOO_PYTHON=/opt/odoo18-venv/bin/python
        else ODOO_PYTHON=$(command -v python3 || true); fi
    fi
    if [ ! -f "$ODOO_HOME/odoo-bin" ] || [ ! -d "$ODOO_HOME/addons" ]; then
        die "Odoo 18.0 not found at ODOO_HOME=$ODOO_HOME (no odoo-bin/addons there).
Install Odoo 18.0 Community outside this repository and point the scripts at it:
    export ODOO_HOME=/path/to/odoo-18.0            # holds odoo-bin, odoo/, addons/
    export ODOO_PYTHON=/path/to/venv/bin/python    # Python 3.11 with Odoo's requirements
See README.md, section 'Installing Odoo'."
    fi
    [ -n "$ODOO_PYTHON" ] && [ -x "$ODOO_PYTHON" ] || die "ODOO_PYTHON='${ODOO_PYTHON:-}' is not an executable Python. Set ODOO_PYTHON (see README.md)."
    local ver
    ver=$(cd "$ODOO_HOME" && "$ODOO_PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null) \
        || die "$ODOO_PYTHON cannot import odoo from $ODOO_HOME: install Odoo's requirements in that Python (see README.md)."
    [ "$ver" = 18 ] || die "Odoo at $ODOO_HOME is version $ver; this addon needs 18.0."
    # Odoo finds addons by folder name, and this checkout may have any name:
    # expose it as agency_account_manager through a link in a folder outside
    # the checkout (a link inside it would loop for tools that walk folders).
    LINK_DIR="${TMPDIR:-/tmp}/agency_addons_$(printf '%s' "$REPO" | md5sum | cut -c1-12)"
    mkdir -p "$LINK_DIR"
    ln -sfn "$REPO" "$LINK_DIR/$ADDON"
    ADDONS_PATH="$ODOO_HOME/odoo/addons,$ODOO_HOME/addons,$LINK_DIR"
    export ODOO_HOME ODOO_PYTHON ADDONS_PATH LINK_DIR
}

PG_STARTED_HERE=0
ensure_postgres() {
    local pgbin
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$pgbin" ] || command -v pg_ctl >/dev/null || die "PostgreSQL is not installed (apt-get install postgresql)."
    [ -n "$pgbin" ] && export PATH="$pgbin:$PATH"
    if [ -n "${PGHOST:-}${PGPORT:-}" ] && pg_isready -q; then
        DB_HOST=${PGHOST:-localhost}; DB_PORT=${PGPORT:-5432}
        DB_USER=${PGUSER:-$(id -un)}; DB_PASSWORD=${PGPASSWORD:-}
        export DB_HOST DB_PORT DB_USER DB_PASSWORD
        return
    fi
    DB_HOST=127.0.0.1; DB_PORT=${AGENCY_PGPORT:-55432}; DB_USER=odoo; DB_PASSWORD=
    export DB_HOST DB_PORT DB_USER DB_PASSWORD
    local data="$RUN_DIR/pgdata" as=()
    # initdb and postgres refuse to run as root: use the postgres account then.
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (apt-get install postgresql)."
        as=(runuser -u postgres --)
        chmod 755 "$RUN_DIR"
    fi
    if pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; then
        return  # our cluster (or a compatible one) is already up
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        rm -rf "$data"; mkdir -p "$data"
        [ ${#as[@]} -gt 0 ] && chown postgres: "$data"
        "${as[@]}" initdb -D "$data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN_DIR/initdb.log" 2>&1 \
            || die "initdb failed, see $RUN_DIR/initdb.log"
    fi
    PG_DATA="$data"
    PG_AS=("${as[@]}")
    start_postgres || die "PostgreSQL did not start, see $data/server.log"
    PG_STARTED_HERE=1
}

start_postgres() { # the private cluster, with this environment (LD_PRELOAD, FAKETIME)
    "${PG_AS[@]}" env ${LD_PRELOAD:+LD_PRELOAD="$LD_PRELOAD"} ${FAKETIME:+FAKETIME="$FAKETIME"} \
        ${FAKETIME:+FAKETIME_DONT_FAKE_MONOTONIC=0} \
        pg_ctl -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $DB_PORT -k $PG_DATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
}

stop_postgres() {
    if [ "$PG_STARTED_HERE" = 1 ]; then
        "${PG_AS[@]}" pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
        PG_STARTED_HERE=0
    fi
}

# Moves the clock of every process started from here on (Odoo, Chromium,
# wkhtmltopdf) and of the private PostgreSQL cluster, which is restarted,
# $1 days ahead (on top of a FAKETIME="+Nd" this script was started with).
move_clock_ahead() {
    local days=$1 lib outer=0
    [ "$days" = 0 ] && return
    lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)
    [ -n "$lib" ] || die "libfaketime is not installed (apt-get install faketime)."
    if [ -n "${FAKETIME:-}" ]; then
        [[ $FAKETIME =~ ^\+([0-9]+)d$ ]] || die "FAKETIME='$FAKETIME': only a shift in days (+Nd) can be moved further."
        outer=${BASH_REMATCH[1]}
    fi
    [ "$PG_STARTED_HERE" = 1 ] || die "the clock can be moved only with the private PostgreSQL cluster (unset PGHOST/PGPORT)."
    "${PG_AS[@]}" pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null
    # The monotonic clock moves too: libfaketime shifts the absolute deadlines
    # of clock_nanosleep, so a real monotonic clock makes every sleep of
    # Python (EINVAL) and every timed wait of Chromium (a busy loop) fail.
    export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="+$((outer + days))d" FAKETIME_DONT_FAKE_MONOTONIC=0
    start_postgres || die "PostgreSQL did not start again with the moved clock, see $PG_DATA/server.log"
}

psql_admin() { PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -X -q "$@"; }

write_odoo_conf() { # $1: config path
    cat >"$1" <<CONF
[options]
addons_path = $ADDONS_PATH
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = ${DB_PASSWORD:-False}
data_dir = $RUN_DIR/data
admin_passwd = admin
list_db = True
CONF
}

odoo_bin() { (cd "$ODOO_HOME" && "$ODOO_PYTHON" odoo-bin "$@"); }
