/* serve.c — `bekal serve`: run the web application and API until SIGTERM/SIGINT.
 *
 * Each setting comes from the command line, else its environment variable, else the
 * configuration file (main.c loads it into the variables not set), else its default. */
#include "cli.h"
#include "../util/conf.h"
#include "../web/web.h"
#include <getopt.h>
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

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"listen", required_argument, 0, 'l'},
                                         {"threads", required_argument, 0, 't'},
                                         {"pool", required_argument, 0, 'p'},
                                         {"session-hours", required_argument, 0, 'S'},
                                         {"session-idle", required_argument, 0, 'I'},
                                         {"cache-seconds", required_argument, 0, 'C'},
                                         {"public-url", required_argument, 0, 'u'},
                                         {"behind-tls", no_argument, 0, 'T'},
                                         {"trust-proxy", no_argument, 0, 'P'},
                                         {"config", required_argument, 0, 'c'},
                                         {"max-conn-per-ip", required_argument, 0, 'M'},
                                         {"sync-hub", required_argument, 0, 'y'},
                                         {"sync-every", required_argument, 0, 'Y'},
                                         {"sync-credential-file", required_argument, 0, 'k'},
                                         {"help", no_argument, 0, 'h'},
                                         {0}};
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
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': o.db_url = optarg; break;
        case 'y': sync_hub = optarg; break;
        case 'Y': sync_every = atoi(optarg); break;
        case 'k': sync_cred = optarg; break;
        case 'l': o.listen = optarg; break;
        case 't': o.threads = atoi(optarg); break;
        case 'p': o.pool_size = atoi(optarg); break;
        case 'S': o.session_hours = atoi(optarg); break;
        case 'I': o.session_idle_min = atoi(optarg); break;
        case 'C': o.memo_seconds = atoi(optarg); break;
        case 'u': setenv("BEKAL_PUBLIC_URL", optarg, 1); break; /* read where certificates are made */
        case 'T': o.behind_tls = true; break;
        case 'P': setenv("BEKAL_TRUST_PROXY", "1", 1); break;
        case 'c': break; /* main.c has read it */
        case 'M': o.max_conn_per_ip = atoi(optarg); break;
        case 'h':
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
            return 0;
        default: return cli_usage_error("serve", "opsi tidak dikenal atau tanpa nilai: %s", argv[optind - 1]);
        }
    }
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
