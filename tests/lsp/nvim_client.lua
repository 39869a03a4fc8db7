-- Neovim's own LSP client attached to `beskid lsp` (run headless by
-- tests/lsp/nvim.sh): opens Src/Main.bd of a small project and checks the
-- diagnostics, a hover, a definition jump, a rename across files and a
-- completion it receives. Prints `nvim: ok …` lines; exits 1 on a failure.
local beskid = os.getenv("BESKID")
local dir = os.getenv("PROJECT")

local function out(s) io.stdout:write(s .. "\n") end
local function fail(what)
  out("nvim: FAIL " .. what)
  vim.cmd("cquit 1")
end
local function check(cond, what)
  if cond then out("nvim: ok " .. what) else fail(what) end
end

local function cursor_at(pattern, delta)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(pattern, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { lnum, col - 1 + (delta or 0) })
      return
    end
  end
  fail("no `" .. pattern .. "` in the buffer")
end

local function request(method, params)
  local results = vim.lsp.buf_request_sync(0, method, params or vim.lsp.util.make_position_params(), 10000)
  for _, r in pairs(results or {}) do
    if r.error then return nil, r.error end
    return r.result
  end
  return nil
end

local ok, err = pcall(function()
  vim.cmd("edit " .. dir .. "/Src/Main.bd")
  local main_buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({ name = "beskid", cmd = { beskid, "lsp" }, root_dir = dir })
  check(client ~= nil, "the client started")
  vim.lsp.buf_attach_client(main_buf, client)
  check(vim.wait(10000, function() return vim.lsp.get_client_by_id(client).initialized end), "initialized")

  -- an edit through the client's incremental sync: a name that does not exist
  cursor_at("Twice(value)", 6)
  vim.cmd("normal! x")
  local got = vim.wait(10000, function() return #vim.diagnostic.get(main_buf) > 0 end, 20)
  local diags = vim.diagnostic.get(main_buf)
  check(got and diags[1].message:find("alue", 1, true) ~= nil and diags[1].lnum == 6,
        "diagnostics: " .. (diags[1] and ((diags[1].code or "") .. " " .. diags[1].message) or "none"))
  check(diags[1] and diags[1].code == "E1101", "the CLI's code E1101")
  vim.cmd("normal! u")
  check(vim.wait(10000, function() return #vim.diagnostic.get(main_buf) == 0 end, 20), "diagnostics cleared after undo")

  -- hover: signature and doc comment
  cursor_at("Twice(value)")
  local hover = request("textDocument/hover")
  check(hover and hover.contents.value:find("pub i64 Twice(i64 n)", 1, true) and
        hover.contents.value:find("Doubles a number.", 1, true), "hover shows the signature and the doc")

  -- definition jump into util.bd
  local def = request("textDocument/definition")
  check(def ~= nil, "a definition")
  vim.lsp.util.jump_to_location(def, "utf-16")
  local name = vim.api.nvim_buf_get_name(0)
  local pos = vim.api.nvim_win_get_cursor(0)
  check(name:sub(-#"Src/util.bd") == "Src/util.bd" and pos[1] == 2 and pos[2] == 8,
        "definition jump lands on Twice in util.bd (" .. name .. ":" .. pos[1] .. ":" .. pos[2] .. ")")

  -- rename across the files of the project, applied by the client
  vim.api.nvim_set_current_buf(main_buf)
  cursor_at("Twice(value)")
  local edit = request("textDocument/rename", vim.tbl_extend("force", vim.lsp.util.make_position_params(),
                                                              { newName = "Double" }))
  check(edit ~= nil, "a rename edit")
  vim.lsp.util.apply_workspace_edit(edit, "utf-16")
  local main_text = table.concat(vim.api.nvim_buf_get_lines(main_buf, 0, -1, false), "\n")
  local util_buf = vim.fn.bufnr(dir .. "/Src/util.bd")
  local util_text = table.concat(vim.api.nvim_buf_get_lines(util_buf, 0, -1, false), "\n")
  check(main_text:find("use util.Double;", 1, true) and main_text:find("return Double(value)", 1, true) and
        util_text:find("pub i64 Double(i64 n)", 1, true), "rename across files applied")
  local _, rerr = request("textDocument/rename", vim.tbl_extend("force", vim.lsp.util.make_position_params(),
                                                                 { newName = "return" }))
  check(rerr ~= nil and rerr.message:find("keyword", 1, true), "rename to a keyword refused")

  -- completion of a local
  cursor_at("return Double", 7)
  local items = request("textDocument/completion")
  local labels = {}
  for _, it in ipairs(items and (items.items or items) or {}) do labels[it.label] = true end
  check(labels["value"] and labels["main"], "completion offers the local `value` and `main`")

  vim.lsp.stop_client(client)
  out("nvim: all ok")
end)
if not ok then fail(tostring(err)) end
vim.cmd("qa!")
