#!/usr/bin/env python3
"""Checks a `beskid doc` output directory (tests/lit/doc):
  - api.json has the fields of backends.md §6.3 and ours, ids are unique, and
    every parent/member id names an item;
  - index.md and the HTML site exist: index.html, style.css, search.js,
    search-index.js and one page per module under modules/;
  - every href/src of every page resolves to an existing file (and anchor);
  - no page names a network resource (http:, https:, //host).
Then prints one line per item, `kind qualifiedName | signature | visibility`,
with `parent`, `params`, `returns`, `generics`, `controls` and `doc` lines
under it, for FileCheck. Exits 1 with a message on the first problem."""
import html.parser
import json
import os
import re
import sys

out = sys.argv[1]


def fail(msg):
    print("check_site: " + msg)
    sys.exit(1)


api = json.load(open(os.path.join(out, "api.json"), encoding="utf-8"))
for key in ("schemaVersion", "generator", "source", "items"):
    if key not in api:
        fail("api.json lacks " + key)
if api["schemaVersion"] != 1 or not api["generator"].startswith("beskid-cli "):
    fail("bad schemaVersion/generator")
ids = {}
FIELDS = ("id", "qualifiedName", "name", "kind", "visibility", "location", "doc_markdown", "controls",
          "signature", "parameters", "returnType", "genericParameters", "parent", "members")
for item in api["items"]:
    for key in FIELDS:
        if key not in item:
            fail("item %s lacks %s" % (item.get("id"), key))
    for key in ("file", "startLine", "startColumn", "endLine", "endColumn"):
        if key not in item["location"]:
            fail("location of %s lacks %s" % (item["id"], key))
    if item["id"] in ids:
        fail("duplicate id " + item["id"])
    ids[item["id"]] = item
for item in api["items"]:
    for ref in ([item["parent"]] if item["parent"] else []) + item["members"]:
        if ref not in ids:
            fail("%s names unknown item %s" % (item["id"], ref))

for name in ("index.md", "index.html", "style.css", "search.js", "search-index.js"):
    if not os.path.isfile(os.path.join(out, name)):
        fail("missing " + name)
modules = [i for i in api["items"] if i["kind"] == "module"]
pages = sorted(os.listdir(os.path.join(out, "modules")))
if len(pages) != len(modules):
    fail("%d module pages for %d modules" % (len(pages), len(modules)))


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v is not None:
                self.links.append(v)
            if k == "id":
                self.ids.add(v)


parsed = {}


def parse(path):
    if path not in parsed:
        p = Links()
        p.feed(open(path, encoding="utf-8").read())
        parsed[path] = p
    return parsed[path]


checked = 0
for page in ["index.html"] + ["modules/" + p for p in pages]:
    path = os.path.join(out, page)
    text = open(path, encoding="utf-8").read()
    if re.search(r"(https?:|[\"'(]//[a-z])", text):
        fail(page + " names a network resource")
    for link in parse(path).links:
        target, _, frag = link.partition("#")
        full = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
        if not os.path.isfile(full):
            fail("%s: broken link %s" % (page, link))
        if frag and frag not in parse(full).ids:
            fail("%s: no anchor %s" % (page, link))
        checked += 1
for js in ("search.js", "search-index.js", "style.css"):
    if re.search(r"https?:", open(os.path.join(out, js), encoding="utf-8").read()):
        fail(js + " names a network resource")
index = open(os.path.join(out, "search-index.js"), encoding="utf-8").read()
entries = json.loads(index[index.index("["):index.rindex("]") + 1])
for e in entries:
    target, _, frag = e["u"].partition("#")
    full = os.path.join(out, target)
    if not os.path.isfile(full) or (frag and frag not in parse(full).ids):
        fail("search index: broken " + e["u"])
if len(entries) != len(api["items"]):
    fail("search index has %d entries for %d items" % (len(entries), len(api["items"])))

print("site ok: %d items, %d modules, %d links" % (len(api["items"]), len(modules), checked))
print("source: " + api["source"])
for item in api["items"]:
    print("%s %s | %s | %s" % (item["kind"], item["qualifiedName"], item["signature"], item["visibility"]))
    loc = item["location"]
    print("  at %s:%d:%d-%d:%d" % (loc["file"], loc["startLine"], loc["startColumn"], loc["endLine"],
                                    loc["endColumn"]))
    if item["parent"]:
        print("  parent " + item["parent"])
    if item["parameters"] is not None:
        print("  params " + ", ".join("%s: %s" % (p["name"], p["type"]) for p in item["parameters"]))
    if item["returnType"] is not None:
        print("  returns " + item["returnType"])
    if item["genericParameters"]:
        print("  generics " + ", ".join(item["genericParameters"]))
    if item["controls"]:
        print("  controls " + " ; ".join(item["controls"]))
    if item["members"]:
        print("  members " + " ".join(item["members"]))
    if item["doc_markdown"]:
        print("  doc " + item["doc_markdown"].replace("\n", "\\n"))
