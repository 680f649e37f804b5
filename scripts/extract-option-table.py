#!/usr/bin/env python3
"""Reads the command-line options a Python tool declares, without running it.

Parses the file with `ast` and lists every `add_argument(...)` call (argparse) and every
`@click.option(...)` / `@click.argument(...)` decorator (click) with its literal facts: flags, type,
choices, default, action, nargs, required. A fact that is not a literal in the source (e.g.
`default=BuildConfig.max_batch_size`, `choices=severity_map.keys()`) is written as the source text
under `"expr"`, never guessed. Output: JSON `{ "options": [...] }` on stdout.

    python3 scripts/extract-option-table.py path/to/build.py > table.json
"""
import ast
import json
import sys

TYPES = {"str": "str", "int": "int", "float": "float", "bool": "bool"}


def literal(node, source):
    try:
        return ast.literal_eval(node)
    except Exception:
        return {"expr": ast.get_source_segment(source, node)}


def option_from_call(call, source, style):
    flags = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if not flags:
        return None
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    names = [f for f in flags if f.startswith("-")]
    if style == "click" and not names:
        return {"flag": flags[0], "positional": True, "type": "str", "choices": None, "default": None, "required": True}
    if style == "argparse" and not names:
        return {"flag": flags[0], "positional": True, "type": "str", "choices": None, "default": None, "required": True}
    out = {"flag": names[0]}
    if len(names) > 1:
        out["aliases"] = names[1:]
    action = literal(kw["action"], source) if "action" in kw else None
    type_ = None
    choices = None
    if "type" in kw:
        t = kw["type"]
        if isinstance(t, ast.Name) and t.id in TYPES:
            type_ = TYPES[t.id]
        elif isinstance(t, ast.Call) and ast.get_source_segment(source, t.func) == "click.Choice":
            type_ = "enum"
            choices = literal(t.args[0], source) if t.args else None
        else:
            type_ = {"expr": ast.get_source_segment(source, t)}
    if style == "click" and kw.get("is_flag") is not None and literal(kw["is_flag"], source) is True:
        type_ = "flag"
    if action in ("store_true", "store_false"):
        type_ = "flag"
    if "choices" in kw:
        choices = literal(kw["choices"], source)
        if type_ is None:
            type_ = "enum"
    out["type"] = type_ or "str"
    out["choices"] = choices
    # argparse's own default when none is given: store_true → False, store_false → True.
    implicit = {"store_true": False, "store_false": True}.get(action) if isinstance(action, str) else None
    out["default"] = literal(kw["default"], source) if "default" in kw else implicit
    if action is not None:
        out["action"] = action
    if "nargs" in kw:
        out["nargs"] = literal(kw["nargs"], source)
    out["required"] = literal(kw["required"], source) if "required" in kw else False
    if "dest" in kw:
        out["dest"] = literal(kw["dest"], source)
    return out


def main(path):
    source = open(path, encoding="utf8").read()
    tree = ast.parse(source)
    options = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            base = ast.get_source_segment(source, node.func.value) or ""
            if name == "add_argument":
                o = option_from_call(node, source, "argparse")
            elif name in ("option", "argument") and base == "click":
                o = option_from_call(node, source, "click")
            else:
                continue
            if o:
                o["line"] = node.lineno
                options.append(o)
    options.sort(key=lambda o: o["line"])
    json.dump({"options": options}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
