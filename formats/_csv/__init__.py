"""The CSV codec's private modules, one reason to change each. Import from `formats.csvcodec`."""
