"""The wire: frames (JSON and binary), messages and their handler table, validation, errors, the
state file and the .pt file. Imports the core only."""
