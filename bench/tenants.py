#!/usr/bin/env python3
"""Mode x bench data from an `sztp-device pki demo` running.json (bench/run.sh, series "tenants").

  tenants.py host RUNNING              the host's configuration: the demo's without its devices
  tenants.py tenants RUNNING DIR N M   N tenant bodies (DIR/tenant-I.json) of M devices each; the last tenant
                                       also holds the demo's devices, the ones the storm bootstraps
"""
import json
import sys


def host(running):
    config = dict(running)
    config.pop("wn-sztpd-1:devices", None)
    return config


def tenant(running, index, count, per_tenant):
    entry = {"name": f"t{index:04d}"}
    for name, value in running.items():
        if name not in ("wn-sztpd-1:transport", "wn-sztpd-1:keystore", "wn-sztpd-1:admin-accounts", "wn-sztpd-1:devices"):
            entry[name] = value
    entry["wn-sztpd-1:admin-accounts"] = {"admin-account": [
        {"email-address": f"admin@t{index:04d}.example.com", "password": "$0$tenant-secret", "access": "unrestricted"}]}
    device_type = running["wn-sztpd-1:devices"]["device"][0]["device-type"]
    devices = [{"serial-number": f"t{index:04d}-{n:07d}", "device-type": device_type} for n in range(per_tenant)]
    if index == count:
        devices += running["wn-sztpd-1:devices"]["device"]
    entry["wn-sztpd-1:devices"] = {"device": devices}
    return {"wn-sztpd-x:tenant": [entry]}


def main():
    with open(sys.argv[2], encoding="utf-8") as f:
        running = json.load(f)
    if sys.argv[1] == "host":
        json.dump(host(running), sys.stdout)
        return
    folder, count, per_tenant = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    for index in range(1, count + 1):
        with open(f"{folder}/tenant-{index}.json", "w", encoding="utf-8") as f:
            json.dump(tenant(running, index, count, per_tenant), f)


if __name__ == "__main__":
    main()
