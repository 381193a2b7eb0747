import { AppError, toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Any /api address no route answers: 404 in the house shape for every method, not the HTML
 * page a browser gets (a client reading JSON choked on it).
 */
const notFound = () => toErrorResponse(new AppError("http:not_found", "There is no API at this address."));

export {
  notFound as DELETE,
  notFound as GET,
  notFound as HEAD,
  notFound as OPTIONS,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
