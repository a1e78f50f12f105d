"""FEIG OBID i-scan / ID ISC readers over the ISO Host protocol: frames, commands, driver."""
