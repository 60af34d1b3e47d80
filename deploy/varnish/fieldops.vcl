vcl 4.1;
# fieldops's front cache: nginx (TLS) -> Varnish (this) -> gunicorn.
#
# @APP_HOST@ and @APP_PORT@ are gunicorn's address; scripts/production.sh and the
# tests' stack fill them in (docs/operations.md shows the sed command).
#
# Public GETs and HEADs are cached under host + full URL, for as long as the
# application's Cache-Control allows (s-maxage first, then max-age;
# stale-while-revalidate becomes the grace in which a stale copy is served while a
# fresh one is fetched). The site purges what a change shows (fieldops/core/
# frontcache.py) with PURGE requests from this host.

import std;

backend default {
    .host = "@APP_HOST@";
    .port = "@APP_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 60s;
}

# Only the application's own processes (on this host) may purge.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # A path stands for every query string it is asked with (?as_of=, the
        # filters, pages of a list): each is a separate object, all are banned.
        # X-Purge-Regex instead bans every path it matches (such as ^/exports/).
        # Bans test only obj.* so that the ban lurker removes the objects. The
        # argument is not quoted: std.ban() would keep the quotes (a path has no
        # spaces; a regular expression sent here must have none either).
        if (req.http.X-Purge-Regex) {
            set req.http.X-Ban = "obj.http.X-Path ~ " + req.http.X-Purge-Regex;
        } else {
            set req.http.X-Ban = "obj.http.X-Path == " + regsub(req.url, "\?.*$", "");
        }
        if (std.ban(req.http.X-Ban)) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, sign-in, language switch, and Wagtail's documents (whose
    # collections may be private) answer per user; job alerts are personal
    # (their links carry tokens).
    if (req.url ~ "^/(admin|accounts|documents|i18n)(/|$)"
        || req.url ~ "^/[a-z-]+/job-alerts/"
        || req.url == "/healthz") {
        return (pass);
    }
    # A signed-in editor sees the site as the application renders it for them.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Everything else is the same for every visitor: cookies (analytics, a
    # stale CSRF token) must not split or prevent caching.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # The full URL with its query string, on the host asked for: nothing is
    # normalised, since every parameter can change the answer.
    hash_data(req.url);
    hash_data(req.http.host);
    return (lookup);
}

sub vcl_hit {
    set req.http.X-Cache = "HIT";
    if (obj.ttl <= 0s) {
        # Served from grace while a fresh copy is fetched.
        set req.http.X-Cache = "HIT-STALE";
    }
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_response {
    # What a purge matches on (see vcl_recv); removed before delivery.
    set beresp.http.X-Path = regsub(bereq.url, "\?.*$", "");
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Only what the application marks shared-cacheable is kept. An answer with
    # no Cache-Control at all (gunicorn's own error pages, such as its 414 for
    # a request line nginx let through over HTTP/2) would otherwise be kept for
    # Varnish's default TTL and served to everyone.
    if (beresp.http.Cache-Control !~ "(?i)(public|s-maxage)") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # An answer the application declares shared-cacheable must not carry one
    # visitor's cookie to every other: drop it. Any other answer with a cookie
    # is passed on as it is and not cached (the built-in rule below).
    if (beresp.http.Cache-Control ~ "(?i)(public|s-maxage)"
        && beresp.http.Cache-Control !~ "(?i)(private|no-store|no-cache)") {
        unset beresp.http.Set-Cookie;
    }
    # A server error is never kept. While a stale copy is being refreshed, the
    # stale copy stays (and is served through its grace) instead of the error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    if (beresp.status >= 500) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    unset resp.http.X-Path;
    # The software and its version are nobody's business.
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
