"""Renderers of `show` commands, one module per family of outputs.

Formats follow real device output closely enough that the ntc-templates
TextFSM templates (what the collection and Ansible parse with) give records
equal to the simulator's state; /work/shared/ios-samples holds the references.
"""
