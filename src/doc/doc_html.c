/* doc/doc_html.c: the static HTML site of `beskid doc`: `index.html` (the
 * modules and the search box), `modules/<module>.html` (one page per
 * module), `style.css`, `search.js` and `search-index.js` (the index as a
 * script, so the search works from file:// without fetching anything). No
 * page names a network resource. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doc/doc_write.h"
#include "support/strbuf.h"

static const char STYLE_CSS[] =
    "body{font-family:sans-serif;margin:0;color:#222;background:#fff;line-height:1.45}\n"
    "header{background:#f3f3f3;border-bottom:1px solid #ddd;padding:.6em 1.2em}\n"
    "header a{color:#222;text-decoration:none;font-weight:bold;margin-right:1em}\n"
    "main{max-width:60em;padding:0 1.2em 3em}\n"
    "code,pre{font-family:monospace;background:#f6f6f6}\n"
    "pre.sig{padding:.5em .8em;border-left:3px solid #8a8;overflow-x:auto}\n"
    ".item{margin:1.6em 0;border-top:1px solid #eee;padding-top:.6em}\n"
    ".member{margin:.6em 0 .6em 1.5em}\n"
    ".kind{color:#666;font-size:.85em;margin-right:.4em}\n"
    ".private{color:#a55;font-size:.8em;margin-left:.4em}\n"
    "#search{width:100%;max-width:30em;padding:.3em;font-size:1em}\n"
    "#results{list-style:none;padding-left:0}\n"
    "a{color:#2050a0}\n";

static const char SEARCH_JS[] =
    "/* beskid doc: the search box; the index is search-index.js (BESKID_DOC_INDEX). */\n"
    "(function () {\n"
    "  var input = document.getElementById('search');\n"
    "  var list = document.getElementById('results');\n"
    "  if (!input || !list || !window.BESKID_DOC_INDEX) return;\n"
    "  var root = document.body.getAttribute('data-root') || '';\n"
    "  input.addEventListener('input', function () {\n"
    "    var q = input.value.trim().toLowerCase();\n"
    "    list.innerHTML = '';\n"
    "    if (!q) return;\n"
    "    var shown = 0;\n"
    "    for (var i = 0; i < BESKID_DOC_INDEX.length && shown < 50; i++) {\n"
    "      var e = BESKID_DOC_INDEX[i];\n"
    "      if (e.q.toLowerCase().indexOf(q) < 0) continue;\n"
    "      var li = document.createElement('li');\n"
    "      var a = document.createElement('a');\n"
    "      a.href = root + e.u;\n"
    "      a.textContent = e.q;\n"
    "      var k = document.createElement('span');\n"
    "      k.className = 'kind';\n"
    "      k.textContent = e.k;\n"
    "      li.appendChild(k);\n"
    "      li.appendChild(a);\n"
    "      list.appendChild(li);\n"
    "      shown++;\n"
    "    }\n"
    "  });\n"
    "})();\n";

static void esc(StrBuf *sb, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (text[i]) {
        case '<': strbuf_puts(sb, "&lt;"); break;
        case '>': strbuf_puts(sb, "&gt;"); break;
        case '&': strbuf_puts(sb, "&amp;"); break;
        case '"': strbuf_puts(sb, "&quot;"); break;
        default: strbuf_putc(sb, text[i]);
        }
    }
}

static void esc_str(StrBuf *sb, const char *text)
{
    esc(sb, text, strlen(text));
}

/* A module's page file name, relative to `modules/` (the root module's has a `-`, which no module name has). */
static void page_name(StrBuf *sb, const DocItem *module)
{
    if (!*module->qualified) {
        strbuf_puts(sb, "root-module.html");
        return;
    }
    for (const char *p = module->qualified; *p; p++) {
        if (p[0] == ':' && p[1] == ':') {
            strbuf_putc(sb, '.');
            p++;
        } else {
            strbuf_putc(sb, *p);
        }
    }
    strbuf_puts(sb, ".html");
}

/* An item's anchor in its module's page: its id with every character that
 * is no letter, digit, '.', '_' or '-' made '-'. */
static void anchor(StrBuf *sb, const DocItem *it)
{
    for (const char *p = it->id; *p; p++) {
        char ch = *p;
        bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == '-';
        strbuf_putc(sb, keep ? ch : '-');
    }
}

/* The link of 'it' relative to the `modules/` directory. */
static void link_to(StrBuf *sb, const DocSet *set, const DocItem *it)
{
    page_name(sb, &set->items[it->module]);
    if (strcmp(it->kind, "module") != 0) {
        strbuf_putc(sb, '#');
        anchor(sb, it);
    }
}

static bool is_ident_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_ident_char(char ch)
{
    return is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

/* 'text' (a signature or a type) escaped, each name of a documented type a link. */
static void linked(StrBuf *sb, const DocSet *set, const char *text, uint32_t from)
{
    const char *p = text;
    while (*p) {
        if (!is_ident_start(*p) || (p > text && (is_ident_char(p[-1])))) {
            esc(sb, p, 1);
            p++;
            continue;
        }
        const char *e = p;
        while (is_ident_char(*e))
            e++;
        char name[256];
        size_t n = (size_t)(e - p) < sizeof name - 1 ? (size_t)(e - p) : sizeof name - 1;
        memcpy(name, p, n);
        name[n] = '\0';
        uint32_t target = doc_find_type(set, name, from);
        if (target != DOC_NONE) {
            strbuf_puts(sb, "<a href=\"");
            link_to(sb, set, &set->items[target]);
            strbuf_puts(sb, "\">");
            esc(sb, p, (size_t)(e - p));
            strbuf_puts(sb, "</a>");
        } else {
            esc(sb, p, (size_t)(e - p));
        }
        p = e;
    }
}

/* A doc run as HTML: paragraphs at blank lines, `code` spans. */
static void doc_html(StrBuf *sb, const char *doc)
{
    if (!*doc)
        return;
    strbuf_puts(sb, "<div class=\"doc\"><p>");
    bool code = false;
    for (const char *p = doc; *p; p++) {
        if (p[0] == '\n' && p[1] == '\n') {
            if (code)
                strbuf_puts(sb, "</code>"), code = false;
            strbuf_puts(sb, "</p><p>");
            while (p[1] == '\n')
                p++;
        } else if (*p == '`') {
            strbuf_puts(sb, code ? "</code>" : "<code>");
            code = !code;
        } else {
            esc(sb, p, 1);
        }
    }
    if (code)
        strbuf_puts(sb, "</code>");
    strbuf_puts(sb, "</p></div>\n");
}

static void page_head(StrBuf *sb, const char *title, const char *root)
{
    strbuf_puts(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    esc_str(sb, title);
    strbuf_printf(sb,
                  "</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">\n</head>\n<body data-root=\"%s\">\n"
                  "<header><a href=\"%sindex.html\">API index</a>"
                  "<input id=\"search\" type=\"search\" placeholder=\"Search items\" autocomplete=\"off\"></header>\n"
                  "<main>\n<ul id=\"results\"></ul>\n",
                  root, root, root);
}

static void page_tail(StrBuf *sb, const char *root)
{
    strbuf_printf(sb,
                  "</main>\n<script src=\"%ssearch-index.js\"></script>\n<script src=\"%ssearch.js\"></script>\n"
                  "</body>\n</html>\n",
                  root, root);
}

static void item_html(StrBuf *sb, const DocSet *set, const DocItem *it, bool member)
{
    strbuf_printf(sb, "<div class=\"%s\" id=\"", member ? "member" : "item");
    anchor(sb, it);
    strbuf_printf(sb, "\">\n<h%d><span class=\"kind\">%s</span>", member ? 4 : 3, it->kind);
    esc_str(sb, it->name);
    if (!it->is_public)
        strbuf_puts(sb, "<span class=\"private\">private</span>");
    strbuf_printf(sb, "</h%d>\n<pre class=\"sig\">", member ? 4 : 3);
    linked(sb, set, it->signature, it->module);
    strbuf_puts(sb, "</pre>\n");
    for (uint32_t i = 0; i < it->control_count; i++) {
        strbuf_puts(sb, "<p class=\"control\"><code>[");
        esc_str(sb, it->controls[i]);
        strbuf_puts(sb, "]</code></p>\n");
    }
    doc_html(sb, it->doc);
    for (uint32_t m = 0; m < it->member_count; m++)
        item_html(sb, set, &set->items[it->members[m]], true);
    strbuf_puts(sb, "</div>\n");
}

static bool module_page(const DocSet *set, uint32_t index, const char *dir, char *error, size_t error_size)
{
    const DocItem *mod = &set->items[index];
    const char *title = *mod->qualified ? mod->qualified : "(root module)";
    StrBuf sb = {0};
    page_head(&sb, title, "../");
    strbuf_puts(&sb, "<h1><span class=\"kind\">module</span>");
    esc_str(&sb, title);
    strbuf_puts(&sb, "</h1>\n");
    if (mod->parent != DOC_NONE) {
        strbuf_puts(&sb, "<p>In <a href=\"");
        page_name(&sb, &set->items[mod->parent]);
        strbuf_puts(&sb, "\">");
        esc_str(&sb, *set->items[mod->parent].qualified ? set->items[mod->parent].qualified : "(root module)");
        strbuf_puts(&sb, "</a></p>\n");
    }
    doc_html(&sb, mod->doc);
    bool any_sub = false;
    for (uint32_t m = 0; m < mod->member_count; m++) {
        const DocItem *it = &set->items[mod->members[m]];
        if (strcmp(it->kind, "module") != 0)
            continue;
        if (!any_sub)
            strbuf_puts(&sb, "<h2>Modules</h2>\n<ul>\n");
        any_sub = true;
        strbuf_puts(&sb, "<li><a href=\"");
        page_name(&sb, it);
        strbuf_puts(&sb, "\">");
        esc_str(&sb, it->qualified);
        strbuf_puts(&sb, "</a></li>\n");
    }
    if (any_sub)
        strbuf_puts(&sb, "</ul>\n");
    for (uint32_t m = 0; m < mod->member_count; m++) {
        const DocItem *it = &set->items[mod->members[m]];
        if (strcmp(it->kind, "module") != 0)
            item_html(&sb, set, it, false);
    }
    page_tail(&sb, "../");
    StrBuf name = {0};
    strbuf_puts(&name, "modules/");
    page_name(&name, mod);
    bool ok = doc_write_file(dir, strbuf_cstr(&name), sb.data, sb.len, error, error_size);
    strbuf_free(&name);
    strbuf_free(&sb);
    return ok;
}

static bool index_page(const DocSet *set, const char *dir, char *error, size_t error_size)
{
    StrBuf sb = {0};
    page_head(&sb, set->source, "");
    strbuf_puts(&sb, "<h1>API documentation: ");
    esc_str(&sb, set->source);
    strbuf_puts(&sb, "</h1>\n<h2>Modules</h2>\n<ul>\n");
    for (uint32_t i = 0; i < set->count; i++) {
        const DocItem *it = &set->items[i];
        if (strcmp(it->kind, "module") != 0)
            continue;
        strbuf_puts(&sb, "<li><a href=\"modules/");
        page_name(&sb, it);
        strbuf_puts(&sb, "\">");
        esc_str(&sb, *it->qualified ? it->qualified : "(root module)");
        strbuf_puts(&sb, "</a>");
        if (*it->doc) {
            const char *nl = strchr(it->doc, '\n');
            strbuf_puts(&sb, " — ");
            esc(&sb, it->doc, nl ? (size_t)(nl - it->doc) : strlen(it->doc));
        }
        strbuf_puts(&sb, "</li>\n");
    }
    strbuf_puts(&sb, "</ul>\n");
    page_tail(&sb, "");
    bool ok = doc_write_file(dir, "index.html", sb.data, sb.len, error, error_size);
    strbuf_free(&sb);
    return ok;
}

static bool search_index(const DocSet *set, const char *dir, char *error, size_t error_size)
{
    cJSON *list = cJSON_CreateArray();
    for (uint32_t i = 0; i < set->count; i++) {
        const DocItem *it = &set->items[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "q", *it->qualified ? it->qualified : "(root module)");
        cJSON_AddStringToObject(e, "k", it->kind);
        StrBuf url = {0};
        strbuf_puts(&url, "modules/");
        link_to(&url, set, it);
        cJSON_AddStringToObject(e, "u", strbuf_cstr(&url));
        strbuf_free(&url);
        cJSON_AddItemToArray(list, e);
    }
    char *json = cJSON_PrintUnformatted(list);
    cJSON_Delete(list);
    StrBuf sb = {0};
    strbuf_puts(&sb, "window.BESKID_DOC_INDEX = ");
    strbuf_puts(&sb, json ? json : "[]");
    strbuf_puts(&sb, ";\n");
    free(json);
    bool ok = doc_write_file(dir, "search-index.js", sb.data, sb.len, error, error_size);
    strbuf_free(&sb);
    return ok;
}

bool doc_write_html(const DocSet *set, const char *dir, char *error, size_t error_size)
{
    size_t n = strlen(dir) + sizeof "/modules";
    char *modules = malloc(n);
    snprintf(modules, n, "%s/modules", dir);
    bool made = mkdir(modules, 0755) == 0 || errno == EEXIST;
    if (!made)
        snprintf(error, error_size, "%s: %s", modules, strerror(errno));
    free(modules);
    if (!made)
        return false;
    if (!doc_write_file(dir, "style.css", STYLE_CSS, sizeof STYLE_CSS - 1, error, error_size) ||
        !doc_write_file(dir, "search.js", SEARCH_JS, sizeof SEARCH_JS - 1, error, error_size) ||
        !search_index(set, dir, error, error_size) || !index_page(set, dir, error, error_size))
        return false;
    for (uint32_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].kind, "module") == 0 && !module_page(set, i, dir, error, error_size))
            return false;
    return true;
}
