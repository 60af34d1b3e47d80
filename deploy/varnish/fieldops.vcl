vcl 4.1;
# fieldops's front cache: nginx (TLS) -> Varnish (this) -> gunicorn.
#
# @APP_HOST@ and @APP_PORT@ are gunicorn's address; @LANGUAGES@ the codes of the
# languages the site offers (settings LANGUAGES) joined by "|", and
# @LANGUAGE_CODE@ the default one (settings LANGUAGE_CODE). scripts/production.sh
# and the tests' stack fill them in (docs/operations.md shows the sed command).
#
# Public GETs and HEADs are cached under host + full URL, for as long as the
# application's Cache-Control allows (s-maxage first, then max-age). After that,
# for stale-while-revalidate, a stale copy is served while a fresh one is
# fetched; for stale-if-error, a stale copy is served when the application fails
# (a 5xx, or no answer). The site purges what a change shows (fieldops/core/
# frontcache.py) with PURGE requests from this host.
#
# Compression: the application gzips its public answers itself. Varnish's
# http_gzip_support (on by default) asks it for gzip on every fetch, keeps the
# gzipped copy, and unzips it for a client that does not accept gzip, so that
# Vary: Accept-Encoding needs one copy only.

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
    # collections may be private) answer per user; so do the job alerts' pages
    # reached from a mail (their addresses carry a signed token). The job
    # alerts' form itself is public: it takes no CSRF token and sets no cookie.
    if (req.url ~ "^/(admin|accounts|documents|i18n)(/|$)"
        || req.url ~ "^/[a-z-]+/job-alerts/(confirm|unsubscribe|manage)/"
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
    # X-Stale says why this request was restarted (vcl_hit, vcl_synth): a
    # visitor's own is dropped. "refresh": a copy past its
    # stale-while-revalidate is not served, but fetched again (and kept for
    # an error); "error": that fetch failed, any copy within its
    # stale-if-error is served.
    if (req.restarts == 0) {
        unset req.http.X-Stale;
    }
    if (req.http.X-Stale == "refresh") {
        set req.grace = 0s;
    } elsif (req.http.X-Stale == "error") {
        # A restart keeps req.grace: the object's own grace limits it again.
        set req.grace = 3650d;
    }
    # Where an address names no language (the API, the exports), the
    # application picks one of the languages it offers from Accept-Language,
    # and says Vary: Accept-Language only when it offers more than one. Cut
    # down to that language, the header keeps one copy per language offered
    # rather than one per browser's string: the first offered language in the
    # order written (browsers write theirs by preference), else the default,
    # as the application chooses.
    if (req.http.Accept-Language ~ "(?i)(^|,)\s*(@LANGUAGES@)(-[a-z0-9-]*)?\s*(;|,|$)") {
        set req.http.Accept-Language = std.tolower(regsub(
            req.http.Accept-Language,
            "(?i)^(.*?,)??\s*(@LANGUAGES@)(-[a-z0-9-]*)?\s*(;.*|,.*)?$",
            "\2"));
    } else {
        set req.http.Accept-Language = "@LANGUAGE_CODE@";
    }
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
        # An object's grace is its stale-if-error (vcl_backend_response): past
        # its stale-while-revalidate, it is served only if a fetch fails.
        if (req.http.X-Stale != "error"
            && obj.ttl + std.duration(real=std.real(obj.http.X-Stale-While-Revalidate, 0)) <= 0s) {
            set req.http.X-Stale = "refresh";
            return (restart);
        }
        # Served stale while a fresh copy is fetched in the background.
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
    # A server error is never kept. While a stale copy is being refreshed (in
    # the background, or by a restarted request), the fetch is abandoned: the
    # stale copy stays and is served instead of the error (vcl_synth). First,
    # since the application's errors (its outage page) are private: as a
    # hit-for-miss below, they would replace the stale copy.
    if (beresp.status >= 500
        && (bereq.is_bgfetch || bereq.http.X-Stale == "refresh")) {
        return (abandon);
    }
    if (beresp.status >= 500) {
        set beresp.ttl = 0s;
        set beresp.uncacheable = true;
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
    # Varnish makes the grace of stale-while-revalidate; it is kept on the
    # object for vcl_hit, and the grace becomes stale-if-error when longer.
    set beresp.http.X-Stale-While-Revalidate = beresp.grace;
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "(?i)^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
        if (beresp.grace < std.duration(real=std.real(beresp.http.X-Stale-While-Revalidate, 0))) {
            set beresp.grace = std.duration(real=std.real(beresp.http.X-Stale-While-Revalidate, 0));
        }
    }
}

sub vcl_backend_error {
    # The application did not answer: as a 5xx above, while a stale copy is
    # being refreshed.
    if (bereq.is_bgfetch || bereq.http.X-Stale == "refresh") {
        return (abandon);
    }
}

sub vcl_synth {
    # An abandoned refresh: serve the stale copy (within its stale-if-error).
    if (resp.status == 503 && req.http.X-Stale == "refresh") {
        set req.http.X-Stale = "error";
        return (restart);
    }
}

sub vcl_deliver {
    set resp.http.X-Cache = req.http.X-Cache;
    unset resp.http.X-Path;
    unset resp.http.X-Stale-While-Revalidate;
    # The software and its version are nobody's business.
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
