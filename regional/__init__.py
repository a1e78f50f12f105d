"""Reference regional borrowing service of the Sichuan–Chongqing shared reading network."""
