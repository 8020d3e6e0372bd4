/* The follow-up page's connection: joined as the office (its PIN), following no one meeting: the
 * list covers them all and is read again after each reply and when the tab comes back. */

import { Connection } from "../../core/connection.js";

export const live = new Connection();
