"""The patron screens, one module each; the window stacks them by ``Screen`` value."""
