#include "lb/ErrorPages.h"

namespace fd::lb::detail {

std::string_view elbReason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 408:
        return "Request Time-out";
    case 413:
        return "Request Entity Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Temporarily Unavailable";
    case 504:
        return "Gateway Time-out";
    default:
        return status < 500 ? "Client Error" : "Server Error";
    }
}

std::string elbPage(int status)
{
    const std::string line = std::to_string(status) + " " + std::string(elbReason(status));
    return "<html>\r\n<head><title>" + line + "</title></head>\r\n<body>\r\n<center><h1>" + line +
           "</h1></center>\r\n</body>\r\n</html>\r\n";
}

} // namespace fd::lb::detail
