"""A scripted JSON-RPC conversation with `beskid lsp`, one exchange per
request type, plus the misuses: malformed JSON, a bad header, an unknown
method, requests before `initialize` and after `shutdown`, out-of-range
positions, a document that does not parse, an invalid rename.
Usage: conversation.py BESKID WORKDIR"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import LspClient  # noqa: E402

beskid, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
MAIN = """use Std.Core.Results;

/// A point in the plane.
pub type Point {
    i64 x,
    i64 y,
}

pub enum Shape {
    Circle(i64 r),
    Square(i64 side),
}

/// Adds two numbers.
i64 Add(i64 a, i64 b) {
    return a + b;
}

i64 main() {
    Point p = Point { x: 1, y: 2 };
    Shape s = Shape::Circle(3);
    i64 total = Add(p.x, p.y);
    return total;
}
"""
path = os.path.join(work, "main.bd")
with open(path, "w") as f:
    f.write(MAIN)
uri = "file://" + path


def pos(text, needle, nth=0, delta=0):
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    return {"line": line, "character": at - (text.rfind("\n", 0, at) + 1)}


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


env = dict(os.environ, BESKID_LSP_DEBOUNCE_MS="10")
c = LspClient([beskid, "lsp"], env=env, cwd=work)

# before initialize
r = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
check(r["error"]["code"] == -32002, "a request before initialize: ServerNotInitialized")

r = c.request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {}})
caps = r["result"]["capabilities"]
check(caps["textDocumentSync"]["change"] == 2, "incremental sync")
check(caps["positionEncoding"] == "utf-16", "UTF-16 positions")
c.notify("initialized", {})

r = c.request("initialize", {"processId": None, "capabilities": {}})
check(r["error"]["code"] == -32600, "a second initialize: InvalidRequest")

# malformed messages: the server answers and keeps going
body = b"{not json"
c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
r = c.read_message()
check(r.get("error", {}).get("code") == -32700 and r["id"] is None, "malformed JSON: ParseError")
c.send_raw(b"Content-Type: nothing\r\n\r\n")
r = c.read_message()
check(r.get("error", {}).get("code") == -32700, "a header without Content-Length: ParseError")
body = b"[1, 2]"
c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
r = c.read_message()
check(r.get("error", {}).get("code") == -32600, "a message that is not an object: InvalidRequest")
r = c.request("textDocument/noSuchThing", {})
check(r["error"]["code"] == -32601, "unknown method: MethodNotFound")

# open: diagnostics, the CLI's code and message with a UTF-16 range
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "beskid", "version": 1, "text": MAIN}})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)
check(len(d["diagnostics"]) == 1, "one diagnostic")
w = d["diagnostics"][0]
check(w["code"] == "W1503" and w["message"] == "unused import `Std.Core.Results`" and w["severity"] == 2,
      "W1503 as the CLI says it")
check(w["range"] == {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 20}}, "its range")

td = {"uri": uri}
# hover on the call of Add: signature and doc comment
r = c.request("textDocument/hover", {"textDocument": td, "position": pos(MAIN, "Add(p.x", delta=1)})
v = r["result"]["contents"]["value"]
check("i64 Add(i64 a, i64 b)" in v and "Adds two numbers." in v, "hover: signature and doc")
r = c.request("textDocument/hover", {"textDocument": td, "position": pos(MAIN, "total =")})
check("i64" in r["result"]["contents"]["value"], "hover: a local's type")
r = c.request("textDocument/hover", {"textDocument": td, "position": {"line": 9999, "character": 0}})
check(r["error"]["code"] == -32602, "hover out of range: InvalidParams")
r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.bd"}, "position": {"line": 0, "character": 0}})
check(r["error"]["code"] == -32602, "hover on a document never opened: InvalidParams")

# definition
r = c.request("textDocument/definition", {"textDocument": td, "position": pos(MAIN, "Add(p.x", delta=1)})
check(r["result"]["uri"] == uri and r["result"]["range"]["start"] == pos(MAIN, "Add(i64"), "definition of Add")
r = c.request("textDocument/definition", {"textDocument": td, "position": pos(MAIN, "p.y", delta=2)})
check(r["result"]["range"]["start"] == pos(MAIN, "y,"), "definition of a field")
r = c.request("textDocument/definition", {"textDocument": td, "position": pos(MAIN, "Circle(3")})
check(r["result"]["range"]["start"] == pos(MAIN, "Circle(i64"), "definition of a variant")

# references
r = c.request("textDocument/references", {"textDocument": td, "position": pos(MAIN, "p.x"),
                                          "context": {"includeDeclaration": True}})
check(len(r["result"]) == 3, "references of p: the declaration and two uses")

# rename
r = c.request("textDocument/rename", {"textDocument": td, "position": pos(MAIN, "p.x"), "newName": "q"})
edits = r["result"]["changes"][uri]
check(len(edits) == 3 and all(e["newText"] == "q" for e in edits), "rename p to q: three edits")
r = c.request("textDocument/rename", {"textDocument": td, "position": pos(MAIN, "p.x"), "newName": "while"})
check(r["error"]["code"] == -32602 and "keyword" in r["error"]["message"], "rename to a keyword: refused")
r = c.request("textDocument/rename", {"textDocument": td, "position": pos(MAIN, "p.x"), "newName": "1x"})
check(r["error"]["code"] == -32602, "rename to a non-identifier: refused")

# symbols
r = c.request("textDocument/documentSymbol", {"textDocument": td})
names = [s["name"] for s in r["result"]]
check(names == ["Point", "Shape", "Add", "main"], "document symbols")
check([s["name"] for s in r["result"][0]["children"]] == ["x", "y"], "fields under their type")
r = c.request("workspace/symbol", {"query": "sha"})
check([s["name"] for s in r["result"]] == ["Shape"], "workspace symbols")

# signature help inside Add(
r = c.request("textDocument/signatureHelp", {"textDocument": td, "position": pos(MAIN, "p.y);")})
sig = r["result"]["signatures"][0]
check(sig["label"] == "i64 Add(i64 a, i64 b)" and r["result"]["activeParameter"] == 1, "signature help")

# semantic tokens
r = c.request("textDocument/semanticTokens/full", {"textDocument": td})
data = r["result"]["data"]
check(len(data) % 5 == 0 and len(data) > 40, "semantic tokens")
check(data[3] == 11, "the first token (`use`) is a keyword")

# code action: remove the unused import
r = c.request("textDocument/codeAction", {"textDocument": td, "range": w["range"], "context": {"diagnostics": [w]}})
act = r["result"][0]
e = act["edit"]["changes"][uri][0]
check(act["kind"] == "quickfix" and e["newText"] == "" and
      e["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}, "remove-unused-import fix")

# formatting: `beskid format`'s layout; a formatted document needs no edit,
# another gets one edit over the whole text, one that does not parse an error
opts = {"tabSize": 4, "insertSpaces": True}
r = c.request("textDocument/formatting", {"textDocument": td, "options": opts})
check(r["result"] == [], "formatting: nothing to change")
messy_path = os.path.join(work, "messy.bd")
messy_uri = "file://" + messy_path
MESSY = "i64 main()\n{\n  // kept\n  return 1 +2;\n}\n\n\n"
c.notify("textDocument/didOpen", {"textDocument": {"uri": messy_uri, "languageId": "beskid", "version": 1, "text": MESSY}})
r = c.request("textDocument/semanticTokens/full", {"textDocument": {"uri": messy_uri}})
data, line, tokens = r["result"]["data"], 0, []
for k in range(0, len(data), 5):
    line += data[k]
    tokens.append((line, data[k + 2], data[k + 3]))
check((2, len("// kept"), 14) in tokens, "semantic tokens: an ordinary comment (from the lexer's comment list)")
r = c.request("textDocument/formatting", {"textDocument": {"uri": messy_uri}, "options": opts})
edits = r["result"]
check(len(edits) == 1 and edits[0]["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 7, "character": 0}}
      and edits[0]["newText"] == "i64 main() {\n    // kept\n    return 1 + 2;\n}\n", "formatting: one edit, the whole file")
c.notify("textDocument/didChange", {"textDocument": {"uri": messy_uri, "version": 2},
                                    "contentChanges": [{"text": "i64 main( {\n"}]})
r = c.request("textDocument/formatting", {"textDocument": {"uri": messy_uri}, "options": opts})
check(r["error"]["code"] == -32803 and "not formatted" in r["error"]["message"], "formatting: refuses what does not parse")
c.notify("textDocument/didClose", {"textDocument": {"uri": messy_uri}})
r = c.request("textDocument/formatting", {"textDocument": {"uri": messy_uri}, "options": opts})
check("error" in r, "formatting: a closed document")

# incremental edit: `return total;` -> `return totl;` gives E1101-like error
t = pos(MAIN, "total;", delta=3)
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                    "contentChanges": [{"range": {"start": t, "end": {"line": t["line"], "character": t["character"] + 1}},
                                                        "text": ""}]})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == 2)
errs = [x for x in d["diagnostics"] if x["severity"] == 1]
check(len(errs) == 1 and "totl" in errs[0]["message"], "an incremental edit is re-checked: " + errs[0]["code"])
cli = os.popen(beskid + " analyze " + path + " 2>&1").read()  # the disk still has the good text
check("error" not in cli, "the open document overrides the disk, not the other way round")

# completion: members after `.`, variants after `::`, locals and keywords
r = c.request("textDocument/completion", {"textDocument": td, "position": pos(MAIN, "x, p.y", delta=0)})
labels = {i["label"] for i in r["result"]}
check({"x", "y"} <= labels, "completion after `.`: fields")
r = c.request("textDocument/completion", {"textDocument": td, "position": pos(MAIN, "Circle(3")})
labels = {i["label"] for i in r["result"]}
check({"Circle", "Square"} <= labels, "completion after `::`: variants")
r = c.request("textDocument/completion", {"textDocument": td, "position": pos(MAIN, "return total", delta=7)})
labels = {i["label"] for i in r["result"]}
check({"p", "s", "total", "Add", "while", "match"} <= labels, "completion: locals, items, keywords")
r = c.request("textDocument/completion", {"textDocument": td, "position": pos(MAIN, "Results", delta=0)})
labels = {i["label"] for i in r["result"]}
check("Results" in labels, "completion after `use Std.Core.`: modules")

# a document that does not parse: the parse error, and the symbols of what parsed
broken = MAIN.replace("i64 Add(i64 a, i64 b) {\n    return a + b;", "i64 Add(i64 a, i64 b) {\n    return a + ;")
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == 3)
check(len(d["diagnostics"]) == 1 and d["diagnostics"][0]["code"] == "parse", "a parse error: " + d["diagnostics"][0]["message"])
check(d["diagnostics"][0]["range"]["start"]["line"] == 15, "at its line")
r = c.request("textDocument/documentSymbol", {"textDocument": td})
names = [s["name"] for s in r["result"]]
check(names == ["Point", "Shape", "main"], "the symbols of the items that parsed")
r = c.request("textDocument/completion", {"textDocument": td, "position": pos(broken, "x, p.y", delta=0)})
check({"x", "y"} <= {i["label"] for i in r["result"]}, "completion after `.` in a broken document")

broken2 = broken.replace("Shape s = Shape::Circle(3);", "Shape s = Shape::Circle(3;")
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 30}, "contentChanges": [{"text": broken2}]})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == 30)
check([x["range"]["start"]["line"] for x in d["diagnostics"]] == [15, 20], "two items that do not parse: two parse errors")
r = c.request("textDocument/documentSymbol", {"textDocument": td})
check([s["name"] for s in r["result"]] == ["Point", "Shape"], "and the symbols of the two that do")

# UTF-16: a string with a character outside the BMP before a name
emoji = MAIN.replace("i64 total = Add(p.x, p.y);", 'string e = "\U0001F600"; i64 total = Add(p.x, p.y);')
c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": emoji}]})
line = emoji.split("\n")[21]
col16 = len(line[:line.index("Add(p")].encode("utf-16-le")) // 2
r = c.request("textDocument/definition", {"textDocument": td, "position": {"line": 21, "character": col16 + 1}})
check(r["result"] is not None and r["result"]["range"]["start"] == pos(MAIN, "Add(i64"), "UTF-16 columns after an astral character")

# manifest diagnostics for an open Project.proj
proj = os.path.join(work, "Project.proj")
c.notify("textDocument/didOpen", {"textDocument": {"uri": "file://" + proj, "languageId": "beskid-proj", "version": 1,
                                                   "text": "project {\n  name = \n}\n"}})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == "file://" + proj)
check(len(d["diagnostics"]) >= 1 and d["diagnostics"][0]["code"].startswith("E30"), "manifest diagnostics: " + d["diagnostics"][0]["code"])
r = c.request("textDocument/completion", {"textDocument": {"uri": "file://" + proj}, "position": {"line": 1, "character": 2}})
check({"name", "version", "target"} <= {i["label"] for i in r["result"]}, "manifest keys")

# members through `this.` and through a call's result, in a second document
METHODS = """pub type Counter {
    i64 count,
}

impl Counter {
    /// The next counter.
    Counter Next() {
        return Counter { count: this.count + 1 };
    }
}

i64 main() {
    Counter c = Counter { count: 0 };
    return c.Next().count;
}
"""
mpath = os.path.join(work, "methods.bd")
with open(mpath, "w") as f:
    f.write(METHODS)
muri = "file://" + mpath
c.notify("textDocument/didOpen", {"textDocument": {"uri": muri, "languageId": "beskid", "version": 1, "text": METHODS}})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"] == muri)
check(d["diagnostics"] == [], "a second document: no diagnostics")
c.request("workspace/symbol", {"query": ""})  # every notification sent before its answer is read
check(not [m for m in c.notifications if m.get("method") == "textDocument/publishDiagnostics" and
           m["params"]["uri"] == uri and not m["params"]["diagnostics"]],
      "the first document (another program) keeps its diagnostics")
r = c.request("textDocument/completion", {"textDocument": {"uri": muri}, "position": pos(METHODS, "count + 1", 0)})
check({"count", "Next"} <= {i["label"] for i in r["result"]}, "completion after `this.`")
r = c.request("textDocument/completion", {"textDocument": {"uri": muri}, "position": pos(METHODS, "count;", 0)})
check({"count", "Next"} <= {i["label"] for i in r["result"]}, "completion after a call: `c.Next().`")
r = c.request("textDocument/hover", {"textDocument": {"uri": muri}, "position": pos(METHODS, "Next().count")})
check("Counter Next()" in r["result"]["contents"]["value"] and "The next counter." in r["result"]["contents"]["value"],
      "hover on a method call")
r = c.request("textDocument/references", {"textDocument": {"uri": muri}, "position": pos(METHODS, "count,"),
                                          "context": {"includeDeclaration": False}})
check(len(r["result"]) == 4, "references of a field: literals, `this.count`, `.count`")

# shutdown, then nothing but exit
r = c.request("shutdown")
check("error" not in r and r["result"] is None, "shutdown")
r = c.request("textDocument/hover", {"textDocument": td, "position": {"line": 0, "character": 0}})
check(r["error"]["code"] == -32600, "a request after shutdown: InvalidRequest")
c.notify("exit")
check(c.close() == 0, "exit after shutdown: status 0")

# exit without shutdown: status 1
c = LspClient([beskid, "lsp"], env=env, cwd=work)
c.notify("exit")
check(c.close() == 1, "exit without shutdown: status 1")
# a project whose saved manifest does not validate: its diagnostics, on Project.proj
proj_dir = os.path.join(work, "badproj")
os.makedirs(os.path.join(proj_dir, "Src"))
with open(os.path.join(proj_dir, "Project.proj"), "w") as f:
    f.write('project {\n  name = "X"\n  version = "0.1.0"\n}\n\ntarget "App" {\n  kind = Nope\n  entry = "Main.bd"\n}\n')
main2 = os.path.join(proj_dir, "Src", "Main.bd")
with open(main2, "w") as f:
    f.write("i64 main() {\n    return 1;\n}\n")
c = LspClient([beskid, "lsp"], env=env, cwd=work)
c.request("initialize", {"processId": None, "capabilities": {}})
c.notify("textDocument/didOpen", {"textDocument": {"uri": "file://" + main2, "languageId": "beskid", "version": 1,
                                                   "text": open(main2).read()}})
d = c.wait_notification("textDocument/publishDiagnostics", lambda p: p["uri"].endswith("/badproj/Project.proj"))
check(d["diagnostics"][0]["code"] == "E3004" and d["diagnostics"][0]["range"]["start"] == {"line": 6, "character": 9},
      "a saved manifest that does not validate: E3004 on Project.proj")
c.request("shutdown")
c.notify("exit")
check(c.close() == 0, "second server: exit 0")
print("conversation: all ok")
