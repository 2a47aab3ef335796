# Copyright: citynet.schools contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every controller-side action of the collection has in common.

The actions that read the city's source of truth run on the controller only,
whatever host they are called for, so they share the option naming the city
and the platform attribute; each keeps its own check and diff support. The
actions that compare a Cisco device with its design also share the option
carrying what the device reads back, and those that write files for the
technicians share the build directory.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
attributes:
  platform:
    platforms: all
    details: Runs on the controller, whatever host it is called for; nothing is sent to the device.
"""

    CITY = r"""
options:
  city_dir:
    description: Directory of the city's source of truth (C(city.yml) and C(schools/)).
    required: true
    type: path
"""

    RUNNING_CONFIG = r"""
options:
  running_config:
    description: The device's running configuration, as C(show running-config) prints it.
    required: true
    type: str
"""

    BUILD_DIR = r"""
options:
  build_dir:
    description: Directory of the rendered files, a folder per school (C(<school>/)) and C(_cores/) for the cores.
    required: true
    type: path
"""
