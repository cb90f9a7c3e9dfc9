/* serve.c — `bekal serve`: run the web application and API until SIGTERM/SIGINT.
 *
 * Each setting comes from the command line, else its environment variable, else the
 * configuration file (main.c loads it into the variables not set), else its default. */
#include "cli.h"
#include "../util/conf.h"
#include "../web/web.h"
#include <stdlib.h>

static int env_int(const char *k, int def)
{
    const char *v = getenv(k);
    return v && atoi(v) > 0 ? atoi(v) : def;
}

static bool env_flag(const char *k)
{
    const char *v = getenv(k);
    return v && str_eq(v, "1");
}

static void serve_help(void)
{
    printf("Pemakaian: bekal serve [--listen HOST:PORT] [--threads N] [--pool N] [--session-hours N]\n"
           "                   [--session-idle MENIT] [--cache-seconds N] [--public-url URL]\n"
           "                   [--behind-tls] [--trust-proxy] [--config BERKAS] [--max-conn-per-ip N]\n"
           "                   [--db URL]\n\n"
           "Menjalankan aplikasi web dan API. Berhenti dengan rapi pada SIGTERM atau SIGINT (Ctrl-C).\n"
           "Setiap permintaan dicatat satu baris ke stderr (jurnal systemd); $BEKAL_LOG_REQUESTS=0 mematikannya.\n"
           "  --listen    alamat dan port (bawaan: $BEKAL_LISTEN atau 127.0.0.1:8080)\n"
           "  --threads   jumlah thread HTTP (bawaan: $BEKAL_THREADS atau 4)\n"
           "  --pool      jumlah koneksi basis data (bawaan: $BEKAL_POOL_SIZE atau 8)\n"
           "  --session-hours  umur sesi paling lama sejak masuk, jam (bawaan: $BEKAL_SESSION_HOURS\n"
           "                   atau 12; 1-720)\n"
           "  --session-idle   sesi berakhir setelah sekian menit tidak dipakai (bawaan:\n"
           "                   $BEKAL_SESSION_IDLE_MINUTES atau 60; 1 sampai umur sesi)\n"
           "  --cache-seconds  bagian dasbor yang sudah dihitung dipakai lagi selama tidak ada\n"
           "                   perubahan lewat Bekal, paling lama sekian detik (bawaan:\n"
           "                   $BEKAL_CACHE_SECONDS atau 60; 0 = selalu dihitung ulang; 0-86400)\n"
           "  --public-url     alamat publik Bekal untuk kode QR sertifikat (bawaan: $BEKAL_PUBLIC_URL\n"
           "                   atau pengaturan certificate.public_url)\n"
           "  --behind-tls     Bekal dilayani lewat HTTPS oleh proxy (nginx): cookie diberi tanda\n"
           "                   Secure (bawaan: $BEKAL_BEHIND_TLS=1)\n"
           "  --trust-proxy    batas laju halaman verifikasi memakai alamat terakhir X-Forwarded-For\n"
           "                   (bawaan: $BEKAL_TRUST_PROXY=1)\n"
           "  --config    berkas konfigurasi (bawaan: $BEKAL_CONFIG, atau " CONF_DEFAULT_PATH
           " bila ada);\n"
           "              kuncinya: db, listen, public-url, behind-tls, trust-proxy, threads, pool,\n"
           "              session-hours, session-idle, cache-seconds, log-requests, sync-hub,\n"
           "              sync-every, sync-credential-file\n"
           "  --max-conn-per-ip  koneksi serentak paling banyak dari satu alamat klien\n"
           "                   (bawaan: $BEKAL_MAX_CONN_PER_IP atau 32; 0 = tanpa batas;\n"
           "                   di balik proksi batasi di proksinya)\n"
           "  --sync-hub URL   lokasi ini bersinkronisasi dengan hub Kanwil di URL (bawaan: $BEKAL_SYNC_HUB)\n"
           "  --sync-every MENIT  satu putaran sinkronisasi tiap sekian menit (bawaan: $BEKAL_SYNC_EVERY\n"
           "                   atau 15; 1-1440)\n"
           "  --sync-credential-file BERKAS  kredensial lokasi (bawaan: $BEKAL_SYNC_CREDENTIAL_FILE,\n"
           "                   atau $BEKAL_SYNC_CREDENTIAL)\n");
}

int cmd_serve(int argc, char **argv)
{
    const char *env_listen = getenv("BEKAL_LISTEN");
    serve_opts_t o = {cli_default_db(), env_listen && *env_listen ? env_listen : "127.0.0.1:8080",
                      env_int("BEKAL_THREADS", 4), env_int("BEKAL_POOL_SIZE", 8), env_int("BEKAL_SESSION_HOURS", 12),
                      env_int("BEKAL_SESSION_IDLE_MINUTES", 60), 60, env_flag("BEKAL_BEHIND_TLS"),
                      !getenv("BEKAL_LOG_REQUESTS") || env_flag("BEKAL_LOG_REQUESTS")};
    const char *env_cache = getenv("BEKAL_CACHE_SECONDS");
    if (env_cache && *env_cache) o.memo_seconds = atoi(env_cache);
    const char *env_cap = getenv("BEKAL_MAX_CONN_PER_IP");
    o.max_conn_per_ip = env_cap && *env_cap ? atoi(env_cap) : 32;
    const char *sync_hub = getenv("BEKAL_SYNC_HUB"), *sync_cred = getenv("BEKAL_SYNC_CREDENTIAL_FILE");
    int sync_every = env_int("BEKAL_SYNC_EVERY", 15);
    const char *listen = NULL, *threads = NULL, *pool = NULL, *hours = NULL, *idle = NULL, *cache = NULL,
               *public_url = NULL, *config = NULL, *max_conn = NULL, *every = NULL;
    bool behind_tls = false, trust_proxy = false;
    const cli_opt_t opts[] = {CLI_VAL("listen", &listen),
                              CLI_VAL("threads", &threads),
                              CLI_VAL("pool", &pool),
                              CLI_VAL("session-hours", &hours),
                              CLI_VAL("session-idle", &idle),
                              CLI_VAL("cache-seconds", &cache),
                              CLI_VAL("public-url", &public_url),
                              CLI_FLAG("behind-tls", &behind_tls),
                              CLI_FLAG("trust-proxy", &trust_proxy),
                              CLI_VAL("config", &config), /* main.c has read it */
                              CLI_VAL("max-conn-per-ip", &max_conn),
                              CLI_VAL("sync-hub", &sync_hub),
                              CLI_VAL("sync-every", &every),
                              CLI_VAL("sync-credential-file", &sync_cred),
                              {0}};
    int rc = cli_parse("serve", argc, argv, opts, &o.db_url, serve_help, NULL, 0, NULL);
    if (rc != CLI_RUN) return rc;
    if (listen) o.listen = listen;
    if (threads) o.threads = atoi(threads);
    if (pool) o.pool_size = atoi(pool);
    if (hours) o.session_hours = atoi(hours);
    if (idle) o.session_idle_min = atoi(idle);
    if (cache) o.memo_seconds = atoi(cache);
    if (public_url) setenv("BEKAL_PUBLIC_URL", public_url, 1); /* read where certificates are made */
    if (behind_tls) o.behind_tls = true;
    if (trust_proxy) setenv("BEKAL_TRUST_PROXY", "1", 1);
    if (max_conn) o.max_conn_per_ip = atoi(max_conn);
    if (every) sync_every = atoi(every);
    if (optind < argc) return cli_usage_error("serve", "argumen tidak dikenal: %s", argv[optind]);
    if (o.threads < 1 || o.threads > 256 || o.pool_size < 1 || o.pool_size > 1024)
        return cli_usage_error("serve", "--threads harus 1-256 dan --pool 1-1024");
    if (o.session_hours < 1 || o.session_hours > 720 || o.session_idle_min < 1 ||
        o.session_idle_min > o.session_hours * 60)
        return cli_usage_error("serve", "--session-hours harus 1-720 dan --session-idle 1 sampai %d menit",
                               o.session_hours * 60);
    if (o.max_conn_per_ip < 0 || o.max_conn_per_ip > 100000)
        return cli_usage_error("serve", "--max-conn-per-ip harus 0-100000");
    if (o.memo_seconds < 0 || o.memo_seconds > 86400)
        return cli_usage_error("serve", "--cache-seconds harus 0-86400");
    if (sync_hub && *sync_hub && (sync_every < 1 || sync_every > 1440))
        return cli_usage_error("serve", "--sync-every harus 1-1440 menit");
    db_t *db = cli_open_db(o.db_url); /* applies pending migrations once, before serving */
    if (!db) return 1;
    db_close(db);
    if (sync_hub && *sync_hub && sync_start_background(o.db_url, sync_hub, sync_cred, sync_every) < 0) return 1;
    return web_serve(&o);
}
