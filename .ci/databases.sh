#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB servers on loopback, with TLS, for the storage test suites.
#
#   source .ci/databases.sh         starts both, exports the variables below, defines databases_stop
#                                   (and runs it on shell exit when no EXIT trap is set yet)
#   .ci/databases.sh CMD [ARG...]   starts both, runs CMD with the variables, stops both, exits with CMD's status
#
# Exports SZTPD_TEST_POSTGRES_URL, SZTPD_TEST_MYSQL_URL (password users able to create databases),
# SZTPD_TEST_DB_CACERT (the CA of both server certificates), and SZTPD_TEST_DB_CLIENT_CERT,
# SZTPD_TEST_DB_CLIENT_KEY, SZTPD_TEST_DB_CLIENT_USER (a user that logs in with that client certificate only).
# Ports: SZTPD_PG_PORT (default 25432) and SZTPD_MYSQL_PORT (default 23306), or the next free ones; below the
# ephemeral range (32768-60999), where a client socket's source port can hold a port that no listener has.
# Must run as root (the servers run as the postgres and mysql OS users). Installs mariadb-server if missing.

_sztpd_db_log() { echo "databases.sh: $*" >&2; }

# The first port from $1 on which nothing listens on 127.0.0.1.
_sztpd_db_free_port() {
    local port=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# A CA, a server certificate for localhost/127.0.0.1/::1 and a client certificate for CN=sztpd_cert.
_sztpd_db_make_tls() {
    local dir=$1
    (
        set -e
        cd "$dir"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3 \
            -subj "/CN=sztpd test database CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost"
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' > server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3 -extfile server.ext -out server.pem
        openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj "/CN=sztpd_cert"
        printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' > client.ext
        openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3 -extfile client.ext -out client.pem
        chmod 644 ca.pem server.pem client.pem
    ) >"$dir/openssl.log" 2>&1
}

# Copies the server certificate and key into $1 for OS user $2 (servers insist on owning a private key).
_sztpd_db_install_server_tls() {
    local dir=$1 user=$2 tls=$_SZTPD_DB_TMP/tls
    cp "$tls/ca.pem" "$tls/server.pem" "$tls/server.key" "$dir/" &&
        chown "$user:" "$dir/ca.pem" "$dir/server.pem" "$dir/server.key" &&
        chmod 600 "$dir/server.key"
}

_sztpd_db_start_postgres() {
    local dir=$_SZTPD_DB_TMP/pg
    _SZTPD_PG_BIN=/usr/lib/postgresql/15/bin
    [ -x "$_SZTPD_PG_BIN/initdb" ] || _SZTPD_PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    mkdir -p "$dir" && chown postgres: "$dir" && _sztpd_db_install_server_tls "$dir" postgres || return 1
    runuser -u postgres -- "$_SZTPD_PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
        { _sztpd_db_log "initdb failed, see $dir/initdb.log"; return 1; }
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $_SZTPD_PG_PORT
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
ssl = on
ssl_cert_file = '$dir/server.pem'
ssl_key_file = '$dir/server.key'
ssl_ca_file = '$dir/ca.pem'
EOF
    cat >"$dir/data/pg_hba.conf" <<EOF
local   all  all         trust
hostssl all  sztpd_cert  127.0.0.1/32  cert
host    all  sztpd_cert  127.0.0.1/32  reject
host    all  all         127.0.0.1/32  scram-sha-256
EOF
    runuser -u postgres -- "$_SZTPD_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { _sztpd_db_log "PostgreSQL did not start, see $dir/server.log"; return 1; }
    runuser -u postgres -- psql -q -h "$dir" -p "$_SZTPD_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE sztpd LOGIN CREATEDB PASSWORD '$_SZTPD_DB_PASSWORD'" \
        -c "CREATE ROLE sztpd_cert LOGIN CREATEDB" \
        -c "GRANT sztpd_cert TO sztpd" >/dev/null ||
        { _sztpd_db_log "creating the PostgreSQL users failed"; return 1; }
}

_sztpd_db_start_mariadb() {
    local dir=$_SZTPD_DB_TMP/my
    if ! command -v mariadbd >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server mariadb-client >/dev/null ||
            { _sztpd_db_log "installing mariadb-server failed"; return 1; }
    fi
    mkdir -p "$dir/data" && chown -R mysql: "$dir" && _sztpd_db_install_server_tls "$dir" mysql || return 1
    mariadb-install-db --no-defaults --user=mysql --datadir="$dir/data" --skip-test-db \
        --auth-root-authentication-method=socket >"$dir/install.log" 2>&1 ||
        { _sztpd_db_log "mariadb-install-db failed, see $dir/install.log"; return 1; }
    mariadbd --no-defaults --user=mysql --datadir="$dir/data" --socket="$dir/mysqld.sock" \
        --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" --bind-address=127.0.0.1 \
        --port="$_SZTPD_MYSQL_PORT" --skip-name-resolve --max-connections=300 \
        --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
        --ssl-ca="$dir/ca.pem" --ssl-cert="$dir/server.pem" --ssl-key="$dir/server.key" \
        </dev/null >/dev/null 2>&1 &
    _SZTPD_MYSQL_PID=$!
}

# Polls both servers (over TCP, as the tests will) until they answer, for at most 60 s.
_sztpd_db_wait() {
    local i
    for i in $(seq 1 120); do
        if runuser -u postgres -- "$_SZTPD_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$_SZTPD_PG_PORT" &&
            mariadb-admin --no-defaults --socket="$_SZTPD_DB_TMP/my/mysqld.sock" -uroot ping >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$_SZTPD_MYSQL_PID" 2>/dev/null; then
            _sztpd_db_log "MariaDB exited; the end of its error log:"
            tail -n 20 "$_SZTPD_DB_TMP/my/error.log" >&2 2>/dev/null || true
            return 1
        fi
        sleep 0.5
    done
    _sztpd_db_log "the servers did not answer within 60 s"
    return 1
}

_sztpd_db_create_mariadb_users() {
    mariadb --no-defaults --socket="$_SZTPD_DB_TMP/my/mysqld.sock" -uroot -e "
        CREATE USER 'sztpd'@'%' IDENTIFIED BY '$_SZTPD_DB_PASSWORD';
        GRANT ALL PRIVILEGES ON *.* TO 'sztpd'@'%';
        CREATE USER 'sztpd_cert'@'%' REQUIRE SUBJECT '/CN=sztpd_cert';
        GRANT ALL PRIVILEGES ON *.* TO 'sztpd_cert'@'%';" ||
        { _sztpd_db_log "creating the MariaDB users failed"; return 1; }
}

databases_start() {
    if [ "$(id -u)" != 0 ]; then
        _sztpd_db_log "must run as root"
        return 1
    fi
    _SZTPD_DB_TMP=$(mktemp -d /tmp/sztpd-db.XXXXXX) && chmod 755 "$_SZTPD_DB_TMP" || return 1
    mkdir "$_SZTPD_DB_TMP/tls"
    _SZTPD_DB_PASSWORD=$(openssl rand -hex 12)
    _SZTPD_PG_PORT=$(_sztpd_db_free_port "${SZTPD_PG_PORT:-25432}")
    _SZTPD_MYSQL_PORT=$(_sztpd_db_free_port "${SZTPD_MYSQL_PORT:-23306}")
    if ! { _sztpd_db_make_tls "$_SZTPD_DB_TMP/tls" || { _sztpd_db_log "openssl failed, see $_SZTPD_DB_TMP/tls/openssl.log"; false; }; } ||
        ! _sztpd_db_start_mariadb || ! _sztpd_db_start_postgres || ! _sztpd_db_wait || ! _sztpd_db_create_mariadb_users; then
        databases_stop
        return 1
    fi
    export SZTPD_TEST_POSTGRES_URL="postgresql://sztpd:$_SZTPD_DB_PASSWORD@127.0.0.1:$_SZTPD_PG_PORT/sztpd_test"
    export SZTPD_TEST_MYSQL_URL="mysql+pymysql://sztpd:$_SZTPD_DB_PASSWORD@127.0.0.1:$_SZTPD_MYSQL_PORT/sztpd_test"
    export SZTPD_TEST_DB_CACERT="$_SZTPD_DB_TMP/tls/ca.pem"
    export SZTPD_TEST_DB_CLIENT_CERT="$_SZTPD_DB_TMP/tls/client.pem"
    export SZTPD_TEST_DB_CLIENT_KEY="$_SZTPD_DB_TMP/tls/client.key"
    export SZTPD_TEST_DB_CLIENT_USER=sztpd_cert
    _sztpd_db_log "PostgreSQL on 127.0.0.1:$_SZTPD_PG_PORT and MariaDB on 127.0.0.1:$_SZTPD_MYSQL_PORT are up (TLS CA $SZTPD_TEST_DB_CACERT)"
}

databases_stop() {
    [ -n "${_SZTPD_DB_TMP:-}" ] || return 0
    local dir=$_SZTPD_DB_TMP
    if [ -f "$dir/pg/data/postmaster.pid" ]; then
        runuser -u postgres -- "$_SZTPD_PG_BIN/pg_ctl" -D "$dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1
    fi
    if [ -n "${_SZTPD_MYSQL_PID:-}" ] && kill -0 "$_SZTPD_MYSQL_PID" 2>/dev/null; then
        mariadb-admin --no-defaults --socket="$dir/my/mysqld.sock" -uroot shutdown >/dev/null 2>&1 ||
            kill "$_SZTPD_MYSQL_PID" 2>/dev/null
        wait "$_SZTPD_MYSQL_PID" 2>/dev/null || true
    fi
    rm -rf "$dir"
    unset _SZTPD_DB_TMP _SZTPD_MYSQL_PID SZTPD_TEST_POSTGRES_URL SZTPD_TEST_MYSQL_URL SZTPD_TEST_DB_CACERT \
        SZTPD_TEST_DB_CLIENT_CERT SZTPD_TEST_DB_CLIENT_KEY SZTPD_TEST_DB_CLIENT_USER
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    if [ $# -eq 0 ]; then
        echo "usage: source .ci/databases.sh   or   .ci/databases.sh COMMAND [ARG...]" >&2
        exit 2
    fi
    databases_start || exit 1
    trap databases_stop EXIT
    "$@"
    exit $?
else
    databases_start || return 1
    if [ -z "$(trap -p EXIT)" ]; then
        trap databases_stop EXIT
    fi
fi
