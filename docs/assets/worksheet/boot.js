// Next Round worksheet: start Python as early as possible. Loaded as an async module in
// <head>, after the <meta> tags that name the runtime and the wheel, so the worker boots
// while the rest of the page is still arriving. app.js picks up the same instance.
import { python } from "./bridge.js";

python();
