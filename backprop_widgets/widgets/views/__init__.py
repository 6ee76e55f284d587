"""The views: panels that draw the state and controls that propose changes to it.

Every shown number carries a CSS class ``bw-value-SECTION-KEY`` (text.sections.value_class);
every control ``bw-control-NAME``, its slider ``bw-slider-NAME``, entry ``bw-entry-NAME`` and
message ``bw-message-NAME``.
"""
