export declare function electronBinary(): { present: true; path: string } | { present: false; reason: string; path?: undefined };
