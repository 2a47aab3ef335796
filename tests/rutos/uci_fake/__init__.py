"""A stand-in for OpenWrt's `uci` binary, for the RutOS-like test target.

It follows libuci's documented CLI, file and delta formats closely enough that
the citynet.schools.uci action cannot tell it from a router: same output of
show/get/changes/export, same exit codes and messages, pending changes kept in
a delta directory until commit or revert, `uci batch` that reports errors on
stderr but exits 0.
"""
