"""The `ansible-local` provisioner (HashiCorp's Ansible plugin): uploads
playbooks, roles and inventory to the machine and runs `ansible-playbook`
there.

Kiln checks its options (`AnsibleLocalConfig`) but cannot run it yet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kiln.components.base import Provisioner
from kiln.components.config import Config, Problems, option
from kiln.provisioners.shell_options import missing_file


@dataclass(kw_only=True)
class AnsibleLocalConfig(Config):
    """Options of the `ansible-local` provisioner."""

    summary = "Runs Ansible playbooks on the machine itself (ansible-playbook -c local)."

    command: str = option(
        "",
        doc='The ansible-playbook command; "ANSIBLE_FORCE_COLOR=1 PYTHONUNBUFFERED=1 '
        'ansible-playbook" unless set.',
    )
    extra_arguments: tuple[str, ...] = option(
        (), doc='More arguments for ansible-playbook ("--extra-vars", "k=v").'
    )
    playbook_file: str = option("", doc="The playbook to run (uploaded); or playbook_files.")
    playbook_files: tuple[str, ...] = option((), doc="Playbooks to run in order.")
    playbook_dir: str = option(
        "", doc="A local Ansible directory uploaded as the staging directory first."
    )
    playbook_paths: tuple[str, ...] = option(
        (), doc="Directories of playbooks uploaded under STAGING/playbooks."
    )
    role_paths: tuple[str, ...] = option((), doc="Role directories uploaded under STAGING/roles.")
    collection_paths: tuple[str, ...] = option(
        (), doc="Collection directories uploaded under STAGING/collections."
    )
    group_vars: str = option("", doc="A group_vars directory to upload.")
    host_vars: str = option("", doc="A host_vars directory to upload.")
    inventory_file: str = option(
        "", doc="An inventory to upload (use --limit in extra_arguments with it)."
    )
    inventory_groups: tuple[str, ...] = option(
        (), doc="Groups the generated inventory puts 127.0.0.1 in."
    )
    staging_directory: str = option(
        "",
        doc="Where files are uploaded on the machine; "
        "/tmp/packer-provisioner-ansible-local/UUID unless set.",
    )
    clean_staging_directory: bool = option(False, doc="Remove the staging directory afterwards.")
    galaxy_file: str = option("", doc="A requirements file for ansible-galaxy to install.")
    galaxy_command: str = option("ansible-galaxy", doc="The ansible-galaxy command.")
    galaxy_force_install: bool = option(False, doc="Pass --force to ansible-galaxy.")
    galaxy_roles_path: str = option(
        "", doc="Where galaxy installs roles on the machine; STAGING/galaxy_roles unless set."
    )
    galaxy_collections_path: str = option(
        "",
        doc="Where galaxy installs collections on the machine; "
        "STAGING/galaxy_collections unless set.",
    )

    def check(self, problems: Problems) -> None:
        """One of playbook_file and playbook_files; every local path exists."""
        if self.playbook_files and self.playbook_file:
            problems.add(
                "Either playbook_file or playbook_files can be specified, not both",
                "playbook_files",
            )
        if self.is_known("playbook_file", "playbook_files") and not (
            self.playbook_files or self.playbook_file
        ):
            problems.add("Either playbook_file or playbook_files must be specified")
        files = [("playbook_file", self.playbook_file)]
        files += [("playbook_files", path) for path in self.playbook_files]
        files += [("inventory_file", self.inventory_file), ("galaxy_file", self.galaxy_file)]
        for name, path in files:
            if path:
                _check_path(problems, name, path, directory=False)
        directories = [
            ("playbook_dir", self.playbook_dir),
            ("group_vars", self.group_vars),
            ("host_vars", self.host_vars),
        ]
        for name in ("playbook_paths", "role_paths", "collection_paths"):
            directories += [(name, path) for path in getattr(self, name)]
        for name, path in directories:
            if path:
                _check_path(problems, name, path, directory=True)


def _check_path(problems: Problems, name: str, path: str, *, directory: bool) -> None:
    error = missing_file(path)
    if error:
        problems.add(f"{name}: {path} is invalid: {error}", name)
    elif directory and not os.path.isdir(path):
        problems.add(f"{name}: {path} must point to a directory", name)
    elif not directory and os.path.isdir(path):
        problems.add(f"{name}: {path} must point to a file", name)


class AnsibleLocalProvisioner(Provisioner):
    """Runs Ansible on the machine (validated only)."""

    config_class = AnsibleLocalConfig
