#!/usr/bin/env python3
"""Runs an SZTPD plugin module as an sztpd plugin (docs/integration.md, "Plugins"), Python 3 standard library only.

sztpd's plugin NAME is the executable NAME in SZTPD_PLUGINS_DIR. For an SZTPD plugin module my_plugin.py, make it:

    #!/bin/sh
    exec python3 /opt/sztpd/examples/sztpd-plugin-shim.py /opt/sztpd/plugins/my_plugin.py

The module's public functions are the plugin's functions, called as SZTPD calls them: function(input, opaque),
plain or coroutine (SZTPD Gen-2). A returned {"ietf-restconf:errors": ...} is an error answer, a raised exception
an exception answer, anything else (None included) the output.
"""
import asyncio
import importlib.util
import inspect
import json
import os
import sys


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {n: f for n, f in vars(module).items()
            if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == module.__name__}


def answer(functions, call):
    try:
        result = functions[call["function"]](call["input"], call.get("opaque"))
        if inspect.isawaitable(result):
            result = asyncio.run(result)
        if isinstance(result, dict) and "ietf-restconf:errors" in result:
            return {"id": call["id"], "error": result}
        return {"id": call["id"], "output": result}
    except Exception as e:  # the plugin raised: sztpd answers 500, as SZTPD does
        return {"id": call["id"], "exception": f"{type(e).__name__}: {e}"}


def main():
    functions = load(sys.argv[1])
    print(json.dumps({"sztpd-plugin": 1, "functions": sorted(functions)}), flush=True)
    for line in sys.stdin:
        print(json.dumps(answer(functions, json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
