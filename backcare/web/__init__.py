"""Web shell: base templates, the stylesheet, the welcome and home pages."""
