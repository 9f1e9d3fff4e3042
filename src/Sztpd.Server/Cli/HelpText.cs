namespace Sztpd.Server.Cli;

internal static class HelpText
{
    public const string Usage = "usage: sztpd [-h] [-v] [-C CACERT] [-c CERT] [-k KEY] database-url";

    public static string Version => typeof(HelpText).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public const string Full = Usage + """


        Sztpd implements the "bootstrap server" defined in RFC 8572.

        positional arguments:
          database-url          see below for details.

        optional arguments:
          -h, --help            show this help message and exit
          -v, --version         show version number and exit.
          -C CACERT, --cacert CACERT
                                path to certificates used to authenticate the database
                                (see below for details).
          -c CERT, --cert CERT  path to cert used to authenticate sztpd to the
                                database (see below for details).
          -k KEY, --key KEY     path to key used to authenticate sztpd to the database
                                (see below for details).

        Exit status code: 0 on success, non-0 on error.  Error output goes to stderr.

        The "cacert" argument is a filepath to a PEM file that contains one or more X.509
        CA certificates used to authenticate the RDBMS's TLS certificate.  With it, the
        connection always uses TLS and never falls back to plaintext.

        The "key" and "cert" arguments are each a filepath to a PEM file that contains
        the key and certificate that sztpd should use to authenticate itself to the
        RDBMS.  These parameters must be specified together, and must be specified
        in conjunction with the "cacert" parameter.  None of the three apply to sqlite.

        The "database-url" argument has the form "<dialect>:<dialect-specific-path>".
        Three dialects are supported: "sqlite", "postgresql" (or "postgres"), and
        "mysql+pymysql" (or "mysql", for MySQL and MariaDB).

        For the "sqlite" dialect, <dialect-specific-path> follows the format
        "///<sqlite-path>", where <sqlite-path> can be one of:

          :memory:    - an in-memory database (only useful for testing)
          <filepath>  - a filepath to a persisted database file

            $ sztpd sqlite:///:memory:                      (memory)
            $ sztpd sqlite:///relative/path/to/sztpd.db     (relative)
            $ sztpd sqlite:////absolute/path/to/sztpd.db    (absolute)

        For the "postgresql" and "mysql+pymysql" dialects, <dialect-specific-path>
        follows the format "//<user>[:<passwd>]@<host>[:<port>]/<database-name>",
        with reserved characters percent-encoded (e.g. "%40" for "@").  The database
        is created if it does not exist.

              $ sztpd mysql+pymysql://user:pass@localhost:3306/sztpd
              $ sztpd postgresql://user:pass@localhost:5432/sztpd

        On first start with an uninitialized database, sztpd asks to accept the
        contract and for the mode ("1" single tenant, "x" multi-tenant), or reads
        SZTPD_ACCEPT_CONTRACT=Yes and SZTPD_INIT_MODE from the environment.  The first
        listener is HTTP on SZTPD_INIT_ADDR (default 127.0.0.1) and SZTPD_INIT_PORT
        (default 8080).  See docs/configuration.md for every option and variable.
        """;
}
